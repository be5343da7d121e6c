namespace Caisey.Node.Transcripts;

/// <summary>A stored transcript: the window and redactions under review, and its share (if published and not revoked).</summary>
/// <param name="From">Commands submitted at or after this time; null = from the first.</param>
/// <param name="To">Commands submitted at or before this time; null = up to now.</param>
public sealed record TranscriptDraft(
    string Id,
    string EndpointId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? From,
    DateTimeOffset? To,
    IReadOnlyList<Redaction> Redactions,
    DateTimeOffset? PublishedAt = null,
    DateTimeOffset? ShareExpiresAt = null);
