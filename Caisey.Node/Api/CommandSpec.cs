namespace Caisey.Node.Api;

/// <summary>The command spec of API.md: what to run on a machine, and when.</summary>
public sealed record CommandSpec(
    string? Script,
    string? Shell,
    int? TimeoutSeconds,
    DateTimeOffset? NotBefore,
    DateTimeOffset? ExpiresAt,
    string? IdempotencyKey)
{
    public static readonly string[] Shells = ["sh", "bash", "pwsh", "cmd"];

    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>Every problem with the spec, by field (empty when valid).</summary>
    public Dictionary<string, string[]> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string problem) =>
            (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(problem);

        if (string.IsNullOrWhiteSpace(Script))
            Add("script", "script must not be empty.");
        if (Shell is not null && !Shells.Contains(Shell, StringComparer.Ordinal))
            Add("shell", $"shell must be one of {string.Join(", ", Shells)} (or omitted for the machine's default), not '{Shell}'.");
        if (TimeoutSeconds is <= 0)
            Add("timeoutSeconds", $"timeoutSeconds must be positive, but is {TimeoutSeconds}.");
        if (ExpiresAt is { } expiresAt && expiresAt <= now)
            Add("expiresAt", $"expiresAt ({expiresAt.UtcDateTime:O}) is not in the future.");
        if (ExpiresAt is { } end && NotBefore is { } start && start >= end)
            Add("notBefore", $"notBefore ({start.UtcDateTime:O}) must be before expiresAt ({end.UtcDateTime:O}).");
        if (IdempotencyKey is { } key && (key.Length == 0 || key.Length > MaxIdempotencyKeyLength))
            Add("idempotencyKey", $"idempotencyKey must have 1 to {MaxIdempotencyKeyLength} characters.");
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }
}
