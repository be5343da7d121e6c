using System.Security.Claims;

namespace Caisey.Console;

/// <summary>The signed-in technician as the pages need them: who, which role, and whether they may run commands.</summary>
public sealed record ConsoleUser(string Username, string Role)
{
    /// <summary>Admins and technicians act; viewers only watch (the API enforces the same rule).</summary>
    public bool CanAct => Role is "admin" or "technician";

    public static ConsoleUser? From(ClaimsPrincipal? principal) =>
        principal?.Identity is { IsAuthenticated: true, Name: { } name }
            ? new ConsoleUser(name, principal.FindFirstValue(ClaimTypes.Role) ?? "viewer")
            : null;
}
