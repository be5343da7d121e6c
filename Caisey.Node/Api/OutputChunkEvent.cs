namespace Caisey.Node.Api;

/// <summary>The payload of <c>command.output</c>: one stored chunk of a command's output.</summary>
public sealed record OutputChunkEvent(string CommandId, string EndpointId, long Seq, string Stream, string Data);
