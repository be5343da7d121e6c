namespace Caisey.Node.Audit;

/// <summary>
/// Targets are paths: <c>endpoints/{id}</c>, <c>endpoints/{id}/commands/{commandId}</c>,
/// <c>endpoints/{id}/transcripts/{transcriptId}</c>, <c>client-groups/{id}</c>,
/// <c>client-groups/{id}/enrollment-tokens</c>, <c>users/{username}</c>. Tenancy reads the endpoint or group from them.
/// </summary>
public static class AuditTargets
{
    public const string System = "node";

    public static string Endpoint(string endpointId) => $"endpoints/{endpointId}";

    public static string Command(string endpointId, string commandId) => $"endpoints/{endpointId}/commands/{commandId}";

    internal const string CommandsSegment = "/commands/";

    /// <summary>
    /// What <c>audit.db</c> indexes a record by (<c>target_key</c>): the command id for a command's target (command ids
    /// begin with their creation time, so the records of the commands in flight sit together), the target itself otherwise.
    /// </summary>
    public static string Key(string target)
    {
        var at = target.IndexOf(CommandsSegment, StringComparison.Ordinal);
        return at < 0 ? target : target[(at + CommandsSegment.Length)..];
    }

    public static string Transcript(string endpointId, string transcriptId) => $"endpoints/{endpointId}/transcripts/{transcriptId}";

    public static string ClientGroup(string clientGroupId) => $"client-groups/{clientGroupId}";

    public static string EnrollmentTokens(string clientGroupId) => $"client-groups/{clientGroupId}/enrollment-tokens";

    public static string User(string username) => $"users/{username}";

    /// <summary>The actor for what an endpoint's agent reported.</summary>
    public static string Agent(string endpointId) => $"agent:{endpointId}";

    public static string? EndpointIdOf(string target) => Segment(target, "endpoints/");

    public static string? ClientGroupIdOf(string target) => Segment(target, "client-groups/");

    private static string? Segment(string target, string prefix)
    {
        if (!target.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        var rest = target[prefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }
}
