namespace Caisey.Node.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string Technician = "technician";
    public const string Viewer = "viewer";

    public static bool IsKnown(string role) => role is Admin or Technician or Viewer;
}
