using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>
/// The embedded durable journal: one SQLite file in WAL mode, one writer doing group commit, pooled readers.
/// </summary>
/// <remarks>
/// Open with <see cref="Open"/>; dispose to flush queued writes and close the file. <see cref="Snapshots"/>
/// shares the same file and writer. Appends are serialized on the caller's thread; the writer checks the
/// expected sequence number, inserts under a savepoint per append, and commits many appends in one
/// transaction (one fsync). An append's task completes only after its batch commits.
/// Cancelling an append's token stops it only until the writer takes it into a batch; after that, it
/// completes with the batch's outcome.
/// </remarks>
public sealed partial class SqliteEventJournal : IEventJournal
{
    private readonly SqliteWriter _writer;
    private readonly IdlePool<SqliteReadConnection> _reads;
    private readonly IEventSerializer _serializer;

    private SqliteEventJournal(SqliteWriter writer, IdlePool<SqliteReadConnection> reads, IEventSerializer serializer)
    {
        _writer = writer;
        _reads = reads;
        _serializer = serializer;
        Snapshots = new SqliteSnapshotStore(writer, reads, serializer);
    }

    /// <summary>The snapshot store in the same file, written by the same group-commit writer.</summary>
    public SqliteSnapshotStore Snapshots { get; }

    /// <summary>Counters of the group-commit writer (batches, appends, events, failures).</summary>
    public JournalWriterStats Stats => _writer.Stats;

    public ValueTask<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default) =>
        Append(persistenceId, expectedSequenceNr, events, mayWait: false, cancellationToken);

    /// <summary>Held by the writer up to <see cref="SqliteJournalOptions.Linger"/> while nothing else is queued.</summary>
    public ValueTask<long> AppendDeferredAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default) =>
        Append(persistenceId, expectedSequenceNr, events, mayWait: true, cancellationToken);

    public void CommitDeferredNow() => _writer.Urge();

    /// <summary>Batches the writer held for deferred appends (for tests and benchmarks).</summary>
    internal long HeldBatches => _writer.HeldBatches;

    private ValueTask<long> Append(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, bool mayWait, CancellationToken cancellationToken)
    {
        if (!JournalSerialization.TryPrepareAppend(_serializer, persistenceId, expectedSequenceNr, events, cancellationToken, out var serialized, out var failed))
            return failed;

        return new ValueTask<long>(_writer.Enqueue(new SqliteAppendRequest(persistenceId, expectedSequenceNr, serialized, cancellationToken) { MayWait = mayWait }));
    }

    public IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        return new SqliteReplay(_reads, _serializer, persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);
    }

    public ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _reads.Rent();
        try
        {
            connection.Highest.Parameters[0].Value = persistenceId;
            return ValueTask.FromResult((long)connection.Highest.ExecuteScalar()!);
        }
        finally
        {
            _reads.Return(connection);
        }
    }

    public async ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        cancellationToken.ThrowIfCancellationRequested();
        await _writer.Enqueue(new SqliteDeleteRequest(persistenceId, toSequenceNr, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Stops taking writes, commits everything already queued, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _reads.Dispose();
    }

    /// <summary>
    /// Sets (<paramref name="dueAtMs"/>, Unix ms) or removes (null) an entity's due time in the <c>wakeups</c> table, in the
    /// writer's next batch: queued right after an append, it shares that append's commit (see <c>Runtime/SqliteWakeupIndex</c>).
    /// </summary>
    internal Task WriteWakeupAsync(string entityId, long? dueAtMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        return _writer.Enqueue(new SqliteWakeupRequest(entityId, dueAtMs, cancellationToken));
    }

    /// <summary>Every stored due time (entity id, Unix ms), earliest first.</summary>
    internal List<(string EntityId, long DueAtMs)> LoadWakeups()
    {
        var connection = _reads.Rent();
        try
        {
            using var reader = connection.LoadWakeups.ExecuteReader();
            var all = new List<(string, long)>();
            while (reader.Read())
                all.Add((reader.GetString(0), reader.GetInt64(1)));
            return all;
        }
        finally
        {
            _reads.Return(connection);
        }
    }

    /// <summary>Test seam: holds the writer before its next batch so that concurrent appends share it.</summary>
    internal IDisposable HoldWriter() => _writer.Hold();

    /// <summary>Test seam: writes queued behind a held writer.</summary>
    internal int QueuedWrites => _writer.Queued;
}
