namespace Caisey.Protocol.Frames;

/// <summary>
/// What the agent reports about its machine in a <see cref="CheckIn"/>. Values the machine cannot tell
/// cheaply are null: unknown, never guessed.
/// </summary>
/// <param name="OsPlatform"><c>linux</c>, <c>windows</c>, <c>macos</c>, <c>freebsd</c> or <c>unknown</c>.</param>
/// <param name="OsName">A human name such as "Debian GNU/Linux 12 (bookworm)", when the OS tells.</param>
/// <param name="OsDescription">The runtime's OS description.</param>
/// <param name="PendingUpdates">Pending package updates, or null when the OS cannot tell cheaply.</param>
public sealed record AgentInventory(
    string Hostname,
    string OsPlatform,
    string OsDescription,
    string Architecture,
    string AgentVersion,
    int ProcessorCount,
    DateTimeOffset CollectedAt,
    string? OsName = null,
    string? KernelVersion = null,
    long? UptimeSeconds = null,
    double? LoadAverage1m = null,
    double? LoadAverage5m = null,
    double? LoadAverage15m = null,
    long? FreeDiskBytes = null,
    long? TotalDiskBytes = null,
    int? PendingUpdates = null);
