using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

internal sealed partial class SqliteWriter
{
    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (_hold is { } hold)
                await hold.Task.ConfigureAwait(false);
            while (_batch.Count < _maxBatchSize && reader.TryRead(out var request))
            {
                if (request.CancellationToken.IsCancellationRequested)
                    request.Cancel();
                else
                    _batch.Add(request);
            }

            if (_batch.Count > 0)
                WriteBatch();
            _batch.Clear();
        }
    }

    private void WriteBatch()
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        long appends = 0, events = 0, failed = 0;
        Exception? batchError = null;
        try
        {
            Commands.Begin();
            foreach (var request in _batch)
                ExecuteOne(request, timestamp);
            Commands.Commit();
        }
        catch (Exception e)
        {
            batchError = e is SqliteException ? new IOException($"The journal batch could not be committed: {e.Message}", e) : e;
            _highest.Clear();
            TryRollback();
        }

        foreach (var request in _batch)
        {
            if (batchError is not null || !request.Succeeded)
                failed++;
            else if (request.EventCount > 0)
                (appends, events) = (appends + 1, events + request.EventCount);
        }

        // Counters first, so that a caller resuming from its append already sees its batch counted.
        Interlocked.Add(ref _requests, _batch.Count);
        Interlocked.Add(ref _appends, appends);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _failed, failed);
        Interlocked.Increment(ref _batches);
        foreach (var request in _batch)
            request.Publish(batchError);
    }

    /// <summary>Runs one request under its own savepoint so that its failure undoes only its own rows.</summary>
    private void ExecuteOne(SqliteWriteRequest request, long timestamp)
    {
        Commands.Savepoint();
        try
        {
            var result = request.Execute(this, timestamp);
            Commands.Release();
            request.SetOutcome(result, null);
        }
        catch (Exception e) when (e is SqliteException or JournalConcurrencyException)
        {
            Commands.RollbackToSavepoint();
            Commands.Release();
            _highest.Remove(request.PersistenceId);
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
