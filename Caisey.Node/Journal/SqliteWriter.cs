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
    private readonly Dictionary<string, JournalHead> _heads = new(StringComparer.Ordinal);

    public SqliteWriter(SqliteConnection connection, int maxBatchSize, TimeSpan linger, TimeProvider time)
        : base(maxBatchSize, linger, time)
    {
        _connection = connection;
        Commands = new SqliteWriteCommands(connection);
        Start();
    }

    public SqliteWriteCommands Commands { get; }

    /// <summary>An id's head (highest sequence number, newest row) as seen inside the current transaction (cached).</summary>
    public JournalHead HeadOf(string persistenceId)
    {
        if (_heads.TryGetValue(persistenceId, out var head))
            return head;
        head = Commands.Head(persistenceId);
        NoteHead(persistenceId, head);
        return head;
    }

    public void NoteHead(string persistenceId, JournalHead head)
    {
        if (_heads.Count >= MaxCachedIds && !_heads.ContainsKey(persistenceId))
            _heads.Clear();
        _heads[persistenceId] = head;
    }

    /// <summary>Forgets cached heads: the transaction that may have moved them did not commit.</summary>
    private void ForgetHeads(string? persistenceId = null)
    {
        if (persistenceId is null)
            _heads.Clear();
        else
            _heads.Remove(persistenceId);
    }

    protected override string JournalName => "SQLite journal";

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Commands.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
