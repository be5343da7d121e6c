namespace Caisey.Node.Api;

/// <summary>The live session layer; <c>State</c> ∈ none, awaiting-approval, read-only, active, paused-by-user, busy.</summary>
public sealed record SessionResource(string State, DateTimeOffset? Since)
{
    public static SessionResource None { get; } = new("none", null);
}
