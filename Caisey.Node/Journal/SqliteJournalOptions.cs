namespace Caisey.Node.Journal;

/// <summary>Options of the SQLite event journal and snapshot store (one file for both).</summary>
public sealed class SqliteJournalOptions
{
    /// <summary>Path of the SQLite database file; created (with its directory) when missing.</summary>
    public string FilePath { get; set; } = "data/caisey-journal.db";

    /// <summary>Durability of a commit. Default <see cref="SqliteSynchronousMode.Full"/>: an acknowledged append is on disk.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Most write requests (appends, deletes, snapshot writes) that share one transaction and one fsync. Default 500.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// The most the writer holds appends that nothing outside their entity waits on (an agent's ack of a dispatch), so
    /// that they share the next commit instead of paying an fsync of their own. Default 10 ms; zero commits them at once.
    /// </summary>
    public TimeSpan Linger { get; set; } = DefaultLinger;

    /// <summary>What <see cref="Linger"/> is unless set.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest <see cref="Linger"/>: a held append still holds its entity's later replies.</summary>
    public static readonly TimeSpan MaxLinger = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Page cache of the write connection in MiB (<c>PRAGMA cache_size</c>). Default 64: appends of many ids land
    /// on many different B-tree pages, and SQLite's default 2 MiB cache makes every batch re-read them.
    /// </summary>
    public int CacheSizeMiB { get; set; } = 64;

    /// <summary>Most idle read connections kept for replays and loads; more are opened under load and closed after. Default 8.</summary>
    public int MaxIdleReadConnections { get; set; } = 8;

    /// <summary>Returns every problem with these options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(FilePath))
            errors.Add($"{nameof(FilePath)} must name a file.");
        if (!Enum.IsDefined(Synchronous))
            errors.Add($"{nameof(Synchronous)} must be Off, Normal or Full, not {(int)Synchronous}.");
        if (MaxBatchSize is < 1 or > 100_000)
            errors.Add($"{nameof(MaxBatchSize)} must be between 1 and 100000, not {MaxBatchSize}.");
        if (Linger < TimeSpan.Zero || Linger > MaxLinger)
            errors.Add($"{nameof(Linger)} must be between 0 and {MaxLinger.TotalMilliseconds:0} ms, not {Linger.TotalMilliseconds} ms.");
        if (CacheSizeMiB is < 1 or > 65_536)
            errors.Add($"{nameof(CacheSizeMiB)} must be between 1 and 65536, not {CacheSizeMiB}.");
        if (MaxIdleReadConnections is < 0 or > 1_000)
            errors.Add($"{nameof(MaxIdleReadConnections)} must be between 0 and 1000, not {MaxIdleReadConnections}.");
        return errors;
    }
}
