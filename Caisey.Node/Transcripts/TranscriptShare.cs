namespace Caisey.Node.Transcripts;

/// <summary>A draft's live share, if any (the link itself is shown once, at publish).</summary>
public sealed record TranscriptShare(DateTimeOffset PublishedAt, DateTimeOffset ExpiresAt);
