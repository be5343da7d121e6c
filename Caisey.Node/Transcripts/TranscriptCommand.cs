using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;

namespace Caisey.Node.Transcripts;

/// <summary>A command as a transcript shows it: script and output redacted, reachability context from the audit log.</summary>
public sealed record TranscriptCommand(
    string CommandId,
    string? Script,
    string? Shell,
    CommandStatus Status,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    FailureReason? FailureReason,
    ReachabilityView? ReachabilityAtSubmit,
    ReachabilityView? ReachabilityAtDispatch,
    IReadOnlyList<TranscriptAttempt> Attempts,
    IReadOnlyList<TranscriptStep> Timeline,
    string Output);
