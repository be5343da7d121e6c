using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Audit;

/// <summary>
/// The append-only, hash-chained audit log in its own SQLite file (<c>audit.db</c>, WAL, <c>synchronous=FULL</c>).
/// </summary>
/// <remarks>
/// One writer: appends go through a single-reader channel to one task that owns the write connection, the last seq and
/// the last hash; whatever is waiting is written in one transaction (group commit), and an append completes only once
/// that transaction is on disk. Reads use their own pooled connections.
/// </remarks>
public sealed partial class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _write;
    private readonly string _connectionString;
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private long _lastSeq;
    private string _lastHash = AuditHash.Genesis;

    public AuditLog(string filePath, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var path = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _write = new SqliteConnection(_connectionString);
        _write.Open();
        using (var setup = _write.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                    target TEXT NOT NULL, detail TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS audit_target ON audit (target);
                CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
                """;
            setup.ExecuteNonQuery();
        }
        LoadHead();
        _writer = Task.Run(WriteLoopAsync);
    }

    public string FilePath { get; }

    /// <summary>Appends a record; completes once it is durable.</summary>
    /// <returns>The record, or null when <see cref="AuditEntry.Step"/> was already recorded for its target.</returns>
    public async ValueTask<AuditRecord?> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var pending = new PendingAppend(entry);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(AuditLog), "The audit log is closed.");
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends an administrative record, now (<paramref name="detail"/> is serialized as compact JSON).</summary>
    /// <summary>
    /// Completes once every record queued before the call is durable. Readers call it first, so that a read reflects
    /// every transition the node had already acknowledged (live command records are queued without the entity waiting).
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var barrier = new PendingAppend(null);
        if (_queue.Writer.TryWrite(barrier))
            await barrier.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<AuditRecord?> RecordAsync(string actor, string action, string target, object detail, CancellationToken cancellationToken = default) =>
        AppendAsync(new AuditEntry(_time.GetUtcNow(), actor, action, target, AuditJson.Serialize(detail)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _write.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                batch.Add(next);
            WriteBatch(batch);
        }
    }

    private void WriteBatch(List<PendingAppend> batch)
    {
        var (seq, hash) = (_lastSeq, _lastHash);
        var written = new AuditRecord?[batch.Count];
        try
        {
            using var tx = _write.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = batch[i].Entry;
                if (entry is null)
                    continue;
                if (entry.Step is { } step && StepExists(tx, entry.Target, step))
                    continue;
                var at = AuditHash.Truncate(entry.At);
                var record = new AuditRecord(seq + 1, at, entry.Actor, entry.Action, entry.Target, entry.Detail,
                    AuditHash.Compute(seq + 1, at, entry.Actor, entry.Action, entry.Target, entry.Detail, hash), hash);
                Insert(tx, record);
                (seq, hash, written[i]) = (record.Seq, record.Hash, record);
            }
            tx.Commit();
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Completion.TrySetException(e);
            LoadHead();
            return;
        }
        (_lastSeq, _lastHash) = (seq, hash);
        for (var i = 0; i < batch.Count; i++)
            batch[i].Completion.TrySetResult(written[i]);
    }

    private bool StepExists(SqliteTransaction tx, string target, int step)
    {
        using var command = _write.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM audit WHERE target = $t AND json_extract(detail, '$.step') = $s)";
        command.Parameters.AddWithValue("$t", target);
        command.Parameters.AddWithValue("$s", step);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private void Insert(SqliteTransaction tx, AuditRecord r)
    {
        using var command = _write.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO audit (seq, at, actor, action, target, detail, hash, prev_hash) VALUES ($s, $at, $ac, $an, $t, $d, $h, $p)";
        command.Parameters.AddWithValue("$s", r.Seq);
        command.Parameters.AddWithValue("$at", AuditHash.FormatAt(r.At));
        command.Parameters.AddWithValue("$ac", r.Actor);
        command.Parameters.AddWithValue("$an", r.Action);
        command.Parameters.AddWithValue("$t", r.Target);
        command.Parameters.AddWithValue("$d", r.Detail);
        command.Parameters.AddWithValue("$h", r.Hash);
        command.Parameters.AddWithValue("$p", r.PrevHash);
        command.ExecuteNonQuery();
    }

    /// <summary>The chain continues from the record with the highest seq (even if the log was tampered with: verify says so).</summary>
    private void LoadHead()
    {
        using var command = _write.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        (_lastSeq, _lastHash) = reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditHash.Genesis);
    }
}
