namespace Caisey.Node.Transcripts;

/// <summary>The body of <c>POST /api/v1/transcripts/{id}/publish</c>.</summary>
public sealed record PublishRequest(DateTimeOffset? ExpiresAt);
