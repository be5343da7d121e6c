using Caisey.Node.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Runtime;

/// <summary>
/// The wake-up index of the embedded journal: table <c>wakeups(entity_id, due_at)</c> in the journal's own SQLite file
/// (<c>due_at</c> in Unix ms, UTC), written by the journal's group-commit writer.
/// </summary>
/// <remarks>
/// An entity queues its due-time change right after the append that changed it, so both commit in the same batch: one
/// fsync for the step, and many entities' changes share it (a separate file with its own commit per change used to cost
/// every command two extra fsyncs, serialized across all entities). Nodes before this kept the index in
/// <c>wakeups.db</c>: <see cref="ImportLegacyFileAsync"/> moves its rows in once.
/// </remarks>
public sealed class SqliteWakeupIndex(SqliteEventJournal journal) : IWakeupIndex
{
    public ValueTask UpsertAsync(string entityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        new(journal.WriteWakeupAsync(entityId, dueAt.ToUnixTimeMilliseconds(), cancellationToken));

    public ValueTask RemoveAsync(string entityId, CancellationToken cancellationToken = default) =>
        new(journal.WriteWakeupAsync(entityId, null, cancellationToken));

    public ValueTask<IReadOnlyList<Wakeup>> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<Wakeup> all = journal.LoadWakeups()
            .Select(w => new Wakeup(w.EntityId, DateTimeOffset.FromUnixTimeMilliseconds(w.DueAtMs)))
            .ToList();
        return ValueTask.FromResult(all);
    }

    /// <summary>The index lives and dies with its journal.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Moves the rows of a <c>wakeups.db</c> written by an older node into this index, then deletes that file (and its
    /// WAL); nothing happens when there is no such file. Returns the number of rows moved.
    /// </summary>
    public async Task<int> ImportLegacyFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            return 0;
        var rows = new List<(string Id, long Due)>();
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly };
        await using (var connection = new SqliteConnection(builder.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT entity_id, due_at FROM wakeups";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        // Durable here before the old file goes.
        await Task.WhenAll(rows.Select(r => journal.WriteWakeupAsync(r.Id, r.Due, cancellationToken)));
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            File.Delete(path + suffix);
        return rows.Count;
    }
}
