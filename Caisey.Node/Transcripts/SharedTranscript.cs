using System.Text.Json;
using Caisey.Node.Api;

namespace Caisey.Node.Transcripts;

/// <summary>
/// The frozen, public copy of a transcript taken at publish (<c>GET /share/{token}</c>): redacted commands only;
/// never the redactions themselves (a pattern is the secret it hides), never internal ids.
/// </summary>
public sealed record SharedTranscript(
    string? Hostname,
    DateTimeOffset? From,
    DateTimeOffset? To,
    DateTimeOffset PublishedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<TranscriptCommand> Commands)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcDateTimeOffsetConverter() } };

    public static SharedTranscript Freeze(TranscriptView view, DateTimeOffset publishedAt, DateTimeOffset expiresAt) =>
        new(view.Hostname, view.From, view.To, publishedAt, expiresAt, view.Commands);
}
