namespace Caisey.Protocol.Frames;

/// <summary>Agent → node: the machine user's answer to an <see cref="ApprovalRequest"/>.</summary>
public sealed record ApprovalAnswer(string Id, string RequestId, bool Granted) : Frame(Id)
{
    public override string? Validate() => FirstProblem(base.Validate(), Required(RequestId, "requestId"));
}
