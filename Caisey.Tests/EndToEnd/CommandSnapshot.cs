using System.Text.Json;

namespace Caisey.Tests.EndToEnd;

/// <summary>The fields of an API command view that the end-to-end tests assert on.</summary>
public sealed record CommandSnapshot(string Id, string Status, string? FailureReason, int Attempts, int? ExitCode, string? IdempotencyKey)
{
    public static readonly IReadOnlySet<string> TerminalStatuses = new HashSet<string>(StringComparer.Ordinal) { "succeeded", "failed", "cancelled", "expired" };

    public bool IsTerminal => TerminalStatuses.Contains(Status);

    public static CommandSnapshot From(JsonElement view) => new(
        view.GetProperty("id").GetString()!,
        view.GetProperty("status").GetString()!,
        view.GetProperty("failureReason").GetString(),
        view.GetProperty("attempts").GetInt32(),
        view.GetProperty("exitCode").ValueKind == JsonValueKind.Number ? view.GetProperty("exitCode").GetInt32() : null,
        view.TryGetProperty("idempotencyKey", out var key) ? key.GetString() : null);

    public override string ToString() => $"{Id} {Status}{(FailureReason is null ? "" : $"({FailureReason})")} attempts={Attempts} exit={ExitCode?.ToString() ?? "-"}";
}
