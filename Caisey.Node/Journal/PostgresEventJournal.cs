using System.Runtime.CompilerServices;
using Npgsql;

namespace Caisey.Node.Journal;

/// <summary>
/// The cluster journal: tables in the shared PostgreSQL database, one writer per journal doing group commit, reads on
/// pooled connections. With <see cref="PostgresJournalOptions.Fence"/> set, every append is fenced by its shard's lease.
/// </summary>
/// <remarks>
/// Open with <see cref="OpenAsync"/>; dispose to commit queued appends and stop the writer (the
/// <see cref="Storage.PostgresDatabase"/> stays open: its owner disposes it). Appends are serialized on the caller's
/// thread; the writer checks leases and expected sequence numbers for the whole batch in one round trip, inserts every
/// append that passed with one multi-row INSERT, and commits once (<c>synchronous_commit = on</c>: durable when the task
/// completes). An append that fails its checks fails alone and stores nothing. Only appends are fenced: deletes and
/// snapshots of a former owner are consistent with events it was allowed to write.
/// Cancelling an append's token stops it only until the writer takes it into a batch.
/// </remarks>
public sealed partial class PostgresEventJournal : IEventJournal
{
    private readonly PostgresWriter _writer;
    private readonly NpgsqlDataSource _dataSource;
    private readonly IEventSerializer _serializer;
    private readonly IWriteFence? _fence;

    private PostgresEventJournal(PostgresWriter writer, NpgsqlDataSource dataSource, IEventSerializer serializer, IWriteFence? fence, TimeProvider time)
    {
        _writer = writer;
        _dataSource = dataSource;
        _serializer = serializer;
        _fence = fence;
        Snapshots = new PostgresSnapshotStore(dataSource, serializer, time);
    }

    /// <summary>The snapshot store in the same database.</summary>
    public PostgresSnapshotStore Snapshots { get; }

    /// <summary>Counters of the group-commit writer (batches, appends, events, failures).</summary>
    public JournalWriterStats Stats => _writer.Stats;

    public ValueTask<long> AppendAsync(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events, CancellationToken cancellationToken = default)
    {
        if (!JournalSerialization.TryPrepareAppend(_serializer, persistenceId, expectedSequenceNr, events, cancellationToken, out var serialized, out var failed))
            return failed;
        WriteFence? fence = null;
        if (_fence is not null)
        {
            fence = _fence.For(persistenceId);
            if (fence is null)
                return ValueTask.FromException<long>(new JournalFencedException(persistenceId, Cluster.ShardMap.ShardOf(persistenceId), null));
        }

        return new ValueTask<long>(_writer.Enqueue(new PostgresAppendRequest(persistenceId, expectedSequenceNr, serialized, fence, cancellationToken)));
    }

    public async IAsyncEnumerable<JournalEntry> ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        if (fromSequenceNr > toSequenceNr || max <= 0)
            yield break;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresQueries.Replay, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("id", persistenceId));
        command.Parameters.Add(new NpgsqlParameter<long>("from", fromSequenceNr));
        command.Parameters.Add(new NpgsqlParameter<long>("to", toSequenceNr));
        command.Parameters.Add(new NpgsqlParameter<long>("max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var value = JournalSerialization.Deserialize(_serializer, reader.GetString(1), reader.GetFieldValue<byte[]>(2));
            yield return new JournalEntry(persistenceId, reader.GetInt64(0), value, reader.GetFieldValue<DateTimeOffset>(3));
        }
    }

    public async ValueTask<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        await using var command = _dataSource.CreateCommand(PostgresQueries.Highest);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", [persistenceId]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(1) : 0;
    }

    /// <remarks>Runs directly (not through the writer): one statement records the highest sequence number and deletes.</remarks>
    public async ValueTask DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        await using var command = _dataSource.CreateCommand(PostgresQueries.DeleteTo);
        command.Parameters.Add(new NpgsqlParameter<string>("id", persistenceId));
        command.Parameters.Add(new NpgsqlParameter<long>("to", toSequenceNr));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops taking appends, commits everything already queued, and closes the write connection.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>Test seam: holds the writer before its next batch so that concurrent appends share it.</summary>
    internal IDisposable HoldWriter() => _writer.Hold();
}
