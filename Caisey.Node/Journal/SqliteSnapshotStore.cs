using Caisey.Node.Storage;
namespace Caisey.Node.Journal;

/// <summary>Snapshots in the SQLite journal's file; saves and deletes go through the journal's group-commit writer.</summary>
/// <remarks>Obtain it from <see cref="SqliteEventJournal.Snapshots"/>; it lives and dies with that journal.</remarks>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private readonly SqliteWriter _writer;
    private readonly IdlePool<SqliteReadConnection> _reads;
    private readonly IEventSerializer _serializer;

    internal SqliteSnapshotStore(SqliteWriter writer, IdlePool<SqliteReadConnection> reads, IEventSerializer serializer)
    {
        _writer = writer;
        _reads = reads;
        _serializer = serializer;
    }

    public async ValueTask SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        cancellationToken.ThrowIfCancellationRequested();
        var data = JournalSerialization.SerializeOne(_serializer, snapshot);
        await _writer.Enqueue(new SqliteSnapshotSaveRequest(persistenceId, sequenceNr, data, cancellationToken)).ConfigureAwait(false);
    }

    public ValueTask<SnapshotEntry?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _reads.Rent();
        try
        {
            var command = connection.LoadSnapshot;
            command.Parameters[0].Value = persistenceId;
            command.Parameters[1].Value = maxSequenceNr;
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return ValueTask.FromResult<SnapshotEntry?>(null);
            var value = JournalSerialization.Deserialize(_serializer, reader.GetString(1), reader.GetFieldValue<byte[]>(2));
            return ValueTask.FromResult<SnapshotEntry?>(new SnapshotEntry(
                persistenceId, reader.GetInt64(0), value, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }
        finally
        {
            _reads.Return(connection);
        }
    }

    public async ValueTask DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        cancellationToken.ThrowIfCancellationRequested();
        await _writer.Enqueue(new SqliteSnapshotDeleteRequest(persistenceId, maxSequenceNr, cancellationToken)).ConfigureAwait(false);
    }
}
