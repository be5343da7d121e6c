namespace Caisey.Node.Transcripts;

/// <summary>The answer to a publish: the only time the link is shown (its token is stored hashed).</summary>
public sealed record PublishResult(string ShareUrl, DateTimeOffset ExpiresAt);
