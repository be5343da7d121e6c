using Caisey.Node.Journal;
using Caisey.Protocol.Configuration;

namespace Caisey.Node.Hosting;

/// <summary><c>caisey.journal</c>: which journal, and the SQLite and PostgreSQL journals' settings.</summary>
public sealed class JournalSettings
{
    /// <summary><c>sqlite</c> (embedded, the default) or <c>postgres</c> (cluster).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The SQLite journal file, relative to <c>caisey.node.data-dir</c>.</summary>
    [ConfigKey("sqlite.file")]
    public string SqliteFile { get; set; } = "journal.db";

    [ConfigKey("sqlite.synchronous")]
    public SqliteSynchronousMode SqliteSynchronous { get; set; } = SqliteSynchronousMode.Full;

    [ConfigKey("sqlite.max-batch-size")]
    public int SqliteMaxBatchSize { get; set; } = 500;

    /// <summary>How long the journal's writer may hold appends nothing outside their entity waits on (an agent's ack).</summary>
    [ConfigKey("sqlite.linger")]
    public TimeSpan SqliteLinger { get; set; } = SqliteJournalOptions.DefaultLinger;

    /// <summary>Npgsql connection string of the PostgreSQL journal, snapshots and wake-ups, used when <see cref="Provider"/> is <c>postgres</c>.</summary>
    [ConfigKey("postgres.connection-string")]
    public string PostgresConnectionString { get; set; } = "";

    /// <summary>An entity's snapshot is taken every this many events.</summary>
    public int SnapshotEvery { get; set; } = 500;
}
