using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

internal sealed partial class SqliteWriter
{
    protected override ValueTask WriteBatchAsync()
    {
        WriteBatch();
        return ValueTask.CompletedTask;
    }

    private void WriteBatch()
    {
        var timestamp = Time.GetUtcNow().ToUnixTimeMilliseconds();
        long appends = 0, events = 0, failed = 0;
        Exception? batchError = null;
        try
        {
            Commands.Begin();
            foreach (var request in Batch)
                ExecuteOne(request, timestamp);
            Commands.Commit();
        }
        catch (Exception e)
        {
            batchError = e is SqliteException ? new IOException($"The journal batch could not be committed: {e.Message}", e) : e;
            ForgetHeads();
            TryRollback();
        }

        foreach (var request in Batch)
        {
            if (batchError is not null || !request.Succeeded)
                failed++;
            else if (request.EventCount > 0)
                (appends, events) = (appends + 1, events + request.EventCount);
        }

        Count(appends, events, failed);
        foreach (var request in Batch)
            request.Publish(batchError);
    }

    /// <summary>
    /// Runs one request so that its failure undoes only its own rows: under its own savepoint, or — a request of one
    /// statement — without one, since SQLite undoes a failed statement's own changes.
    /// </summary>
    private void ExecuteOne(SqliteWriteRequest request, long timestamp)
    {
        var savepoint = !request.SingleStatement;
        if (savepoint)
            Commands.Savepoint();
        try
        {
            var result = request.Execute(this, timestamp);
            if (savepoint)
                Commands.Release();
            request.SetOutcome(result, null);
        }
        catch (Exception e) when (e is SqliteException or JournalConcurrencyException)
        {
            if (savepoint)
            {
                Commands.RollbackToSavepoint();
                Commands.Release();
            }
            // Some errors (I/O, disk full) roll the whole transaction back: then the batch fails (with a savepoint, its
            // ROLLBACK TO throws).
            else if (e is SqliteException && SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
                throw;
            ForgetHeads(request.PersistenceId);
            request.SetOutcome(0, e);
        }
    }

    private void TryRollback()
    {
        if (_connection.Handle is null || SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0)
            return;
        try
        {
            Commands.Rollback();
        }
        catch (SqliteException)
        {
            // The transaction is gone already; the next BEGIN starts clean.
        }
    }
}
