using Caisey.Node.Reachability;

namespace Caisey.Node.Transcripts;

/// <summary>One dispatch of a command, from the audit log: when, how, and how reachable the endpoint was then.</summary>
public sealed record TranscriptAttempt(int? Attempt, DateTimeOffset At, string? Transport, ReachabilityView? Reachability);
