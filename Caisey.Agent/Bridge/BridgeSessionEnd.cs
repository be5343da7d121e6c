namespace Caisey.Agent.Bridge;

/// <summary>How an established bridge ended.</summary>
/// <param name="Error">For <see cref="BridgeSessionEndKind.ClosedByNode"/> a <see cref="BridgeClosedByNodeException"/> (with the retry-after hint); for <see cref="BridgeSessionEndKind.Lost"/> what broke, when known.</param>
public sealed record BridgeSessionEnd(BridgeSessionEndKind Kind, Exception? Error = null);
