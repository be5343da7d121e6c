using Caisey.Node.Endpoints;

namespace Caisey.Node.Transcripts;

/// <summary>A timeline entry of a transcript's command (its note redacted).</summary>
public sealed record TranscriptStep(CommandStatus Status, DateTimeOffset At, string? Detail);
