namespace Caisey.Node.Auth;

/// <summary>A technician account. <see cref="ClientGroupIds"/> scopes what a non-admin sees.</summary>
public sealed record CaiseyUser(string Username, string Role, IReadOnlyList<string> ClientGroupIds)
{
    public bool IsAdmin => Role == Roles.Admin;

    public bool CanAct => Role is Roles.Admin or Roles.Technician;

    public bool Sees(string clientGroupId) => IsAdmin || ClientGroupIds.Contains(clientGroupId, StringComparer.Ordinal);
}
