namespace Caisey.Node.Transcripts;

/// <summary>A transcript draft under review (<c>POST/GET/PUT/PATCH /api/v1/transcripts</c>): redactions applied to its commands.</summary>
public sealed record TranscriptView(
    string Id,
    string EndpointId,
    string? Hostname,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Redaction> Redactions,
    IReadOnlyList<TranscriptCommand> Commands,
    TranscriptShare? Share);
