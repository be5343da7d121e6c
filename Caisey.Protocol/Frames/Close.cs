namespace Caisey.Protocol.Frames;

/// <summary>
/// Node → agent: the node is closing the bridge. <paramref name="RetryAfterMs"/>, when present, is the
/// earliest time the agent should reconnect (reconnect-storm control).
/// </summary>
public sealed record Close(string Id, string Reason, long? RetryAfterMs = null) : Frame(Id)
{
    public override bool ExpectsAck => false;

    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(Reason, "reason"),
        RetryAfterMs < 0 ? "'retryAfterMs' must not be negative" : null);
}
