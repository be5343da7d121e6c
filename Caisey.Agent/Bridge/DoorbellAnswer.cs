namespace Caisey.Agent.Bridge;

/// <summary>The doorbell's 200 answer: <c>{"ring":true,"reason":"work"}</c>.</summary>
public sealed record DoorbellAnswer(bool Ring, string? Reason);
