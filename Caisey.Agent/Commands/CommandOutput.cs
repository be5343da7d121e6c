using Caisey.Protocol.Frames;

namespace Caisey.Agent.Commands;

/// <summary>
/// A piece of a command's output, in the order it was read. <paramref name="Seq"/> starts at 0 and
/// grows by one per chunk across both streams.
/// </summary>
public sealed record CommandOutput(long Seq, OutputStream Stream, string Data)
{
    public OutputChunk ToFrame(string frameId, string commandId) => new(frameId, commandId, Seq, Stream, Data);
}
