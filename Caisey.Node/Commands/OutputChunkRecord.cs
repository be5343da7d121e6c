namespace Caisey.Node.Commands;

/// <summary>One stored chunk of a command's output; <see cref="Seq"/> is the agent's sequence number.</summary>
public sealed record OutputChunkRecord(string CommandId, long Seq, string Stream, string Data);
