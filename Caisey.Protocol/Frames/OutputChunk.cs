namespace Caisey.Protocol.Frames;

/// <summary>
/// Agent → node: a piece of a command's output as it was produced. <paramref name="Seq"/> starts at 0 and
/// increases by one per chunk of the command across both streams, so the node can order chunks and
/// notice gaps.
/// </summary>
public sealed record OutputChunk(string Id, string CommandId, long Seq, OutputStream Stream, string Data) : Frame(Id)
{
    public override string? Validate() => FirstProblem(
        base.Validate(),
        Required(CommandId, "commandId"),
        Seq < 0 ? "'seq' must not be negative" : null);
}
