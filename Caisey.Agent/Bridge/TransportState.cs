namespace Caisey.Agent.Bridge;

/// <summary>What <c>transport.json</c> holds: the last transport that carried a bridge, and when.</summary>
public sealed record TransportState(int Index, string Name, DateTimeOffset At);
