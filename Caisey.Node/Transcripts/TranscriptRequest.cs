namespace Caisey.Node.Transcripts;

/// <summary>The body of <c>POST /api/v1/transcripts</c> (all fields) and of <c>PUT/PATCH /api/v1/transcripts/{id}</c>
/// (<c>endpointId</c> is ignored there).</summary>
public sealed record TranscriptRequest(string? EndpointId, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<Redaction>? Redactions);
