using Npgsql;

namespace Caisey.Node.Journal;

/// <summary>Snapshots in the PostgreSQL journal's database (table <c>snapshots</c>); each call is its own durable statement.</summary>
/// <remarks>Obtain it from <see cref="PostgresEventJournal.Snapshots"/>, which migrates the table.</remarks>
public sealed class PostgresSnapshotStore : ISnapshotStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IEventSerializer _serializer;
    private readonly TimeProvider _time;

    internal PostgresSnapshotStore(NpgsqlDataSource dataSource, IEventSerializer serializer, TimeProvider time)
    {
        _dataSource = dataSource;
        _serializer = serializer;
        _time = time;
    }

    public async ValueTask SaveAsync(string persistenceId, long sequenceNr, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        var data = JournalSerialization.SerializeOne(_serializer, snapshot);
        await using var command = _dataSource.CreateCommand(PostgresQueries.SaveSnapshot);
        command.Parameters.Add(new NpgsqlParameter<string>("id", persistenceId));
        command.Parameters.Add(new NpgsqlParameter<long>("seq", sequenceNr));
        command.Parameters.Add(new NpgsqlParameter<string>("manifest", data.Manifest));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("payload", data.Payload));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("ts", _time.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<SnapshotEntry?> LoadAsync(string persistenceId, long maxSequenceNr = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        await using var command = _dataSource.CreateCommand(PostgresQueries.LoadSnapshot);
        command.Parameters.Add(new NpgsqlParameter<string>("id", persistenceId));
        command.Parameters.Add(new NpgsqlParameter<long>("max", maxSequenceNr));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        var value = JournalSerialization.Deserialize(_serializer, reader.GetString(1), reader.GetFieldValue<byte[]>(2));
        return new SnapshotEntry(persistenceId, reader.GetInt64(0), value, reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async ValueTask DeleteAsync(string persistenceId, long maxSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        await using var command = _dataSource.CreateCommand(PostgresQueries.DeleteSnapshots);
        command.Parameters.Add(new NpgsqlParameter<string>("id", persistenceId));
        command.Parameters.Add(new NpgsqlParameter<long>("max", maxSequenceNr));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
