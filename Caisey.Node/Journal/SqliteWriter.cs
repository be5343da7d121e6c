using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>
/// The single owner of the journal file's write connection. Requests arrive on a single-reader channel;
/// the writer drains what is queued into one transaction (group commit) and publishes outcomes after the commit.
/// </summary>
internal sealed partial class SqliteWriter : GroupCommitWriter<SqliteWriteRequest>, IAsyncDisposable
{
    private const int MaxCachedIds = 100_000;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    public SqliteWriter(SqliteConnection connection, int maxBatchSize, TimeProvider time)
        : base(maxBatchSize)
    {
        _connection = connection;
        _time = time;
        Commands = new SqliteWriteCommands(connection);
        Start();
    }

    public SqliteWriteCommands Commands { get; }

    /// <summary>Highest sequence number of an id as seen inside the current transaction (cached).</summary>
    public long HighestOf(string persistenceId)
    {
        if (_highest.TryGetValue(persistenceId, out var highest))
            return highest;
        highest = Commands.Highest(persistenceId);
        NoteHighest(persistenceId, highest);
        return highest;
    }

    public void NoteHighest(string persistenceId, long seq)
    {
        if (_highest.Count >= MaxCachedIds && !_highest.ContainsKey(persistenceId))
            _highest.Clear();
        _highest[persistenceId] = seq;
    }

    protected override string JournalName => "SQLite journal";

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Commands.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
