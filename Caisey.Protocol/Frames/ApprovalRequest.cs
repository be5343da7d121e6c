namespace Caisey.Protocol.Frames;

/// <summary>
/// Node → agent: ask the machine's user for consent (<c>Caisey.Agent approve | deny</c>). No answer by
/// <see cref="ExpiresAt"/> means no. The agent answers with <see cref="ApprovalAnswer"/>.
/// </summary>
public sealed record ApprovalRequest(string Id, string RequestId, string Scope, string Reason, string RequestedBy, DateTimeOffset ExpiresAt, int GrantMinutes) : Frame(Id)
{
    public override string? Validate() => FirstProblem(base.Validate(), Required(RequestId, "requestId"), Required(Scope, "scope"),
        GrantMinutes > 0 ? null : "'grantMinutes' must be positive");
}
