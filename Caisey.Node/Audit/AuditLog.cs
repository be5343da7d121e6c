using System.Data.Common;
using System.Threading.Channels;
using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Audit;

/// <summary>
/// The append-only, hash-chained audit log: in its own SQLite file (<c>audit.db</c>, WAL, <c>synchronous=FULL</c>), or,
/// in a cluster, in the shared PostgreSQL as one chain that every node appends to (<see cref="Schema"/>).
/// </summary>
/// <remarks>
/// One writer per node: appends go through a single-reader channel to one task; whatever is waiting is written in one
/// transaction (group commit), and an append completes only once that transaction is durable. On SQLite the task owns
/// the write connection, the last seq and the last hash. On PostgreSQL each batch's transaction first takes a
/// transaction-scoped advisory lock and reads the chain head, so the writers of all nodes take turns and continue one
/// chain. Reads use their own pooled connections.
/// </remarks>
public sealed partial class AuditLog : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection? _write;
    private SqliteRawStatement? _stepExists, _highestStepOf, _insert;
    // SQLite: the highest step recorded per command target that the writer saw lately (see HighestStep).
    private readonly Dictionary<string, int> _highestStep = new(StringComparer.Ordinal);
    private long _stepProbes;
    private volatile TaskCompletionSource _urgent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;
    private readonly string? _connectionString;
    private readonly SqlDatabase? _shared;
    private readonly Task _writer;
    private readonly TimeProvider _time;
    private long _lastSeq;
    private string _lastHash = AuditHash.Genesis;

    /// <summary>The node's own SQLite file, created and opened now.</summary>
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
                    target TEXT NOT NULL, detail TEXT NOT NULL, hash TEXT NOT NULL, prev_hash TEXT NOT NULL, step INTEGER, target_key TEXT);
                CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
                """;
            setup.ExecuteNonQuery();
        }
        MigrateIndexes(_write);
        LoadHead();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The cluster's shared chain in PostgreSQL, already migrated (<see cref="Schema"/>, component <c>audit</c>).</summary>
    public AuditLog(SqlDatabase shared, TimeProvider? time = null)
    {
        if (shared.Dialect != SqlDialect.Postgres)
            throw new ArgumentException("The shared audit log lives in PostgreSQL; on SQLite give the file path.", nameof(shared));
        _time = time ?? TimeProvider.System;
        _shared = shared;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>Appends a record; completes once it is durable.</summary>
    /// <returns>The record, or null when <see cref="AuditEntry.Step"/> was already recorded for its target (by any node).</returns>
    public async ValueTask<AuditRecord?> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var pending = new PendingAppend(entry);
        Enqueue(pending);
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues a record nobody waits for (a command's live transition: the journal holds it first, and
    /// <see cref="AuditCatchUp"/> records what a crash kept from the log). When only such records are queued the writer
    /// holds them up to <see cref="Linger"/> so that a command's steps share one commit instead of one each; anything
    /// else queued (an awaited record, a reader's flush) ends the wait at once.
    /// </summary>
    /// <returns>The record (or null when its step was already recorded), once durable.</returns>
    public Task<AuditRecord?> AppendDeferred(AuditEntry entry)
    {
        var pending = new PendingAppend(entry, MayWait: true);
        Enqueue(pending);
        return pending.Completion.Task;
    }

    /// <summary>How long the writer may hold records queued with <see cref="AppendDeferred"/>; zero to never wait.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(10);

    private void Enqueue(PendingAppend pending)
    {
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(AuditLog), "The audit log is closed.");
        if (!pending.MayWait)
            _urgent.TrySetResult();
    }

    /// <summary>
    /// Completes once every record queued before the call is durable. Readers call it first, so that a read reflects
    /// every transition the node had already acknowledged (live command records are queued without the entity waiting).
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var barrier = new PendingAppend(null);
        if (_queue.Writer.TryWrite(barrier))
        {
            _urgent.TrySetResult();
            await barrier.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends an administrative record, now (<paramref name="detail"/> is serialized as compact JSON).</summary>
    public ValueTask<AuditRecord?> RecordAsync(string actor, string action, string target, object detail, CancellationToken cancellationToken = default) =>
        AppendAsync(new AuditEntry(_time.GetUtcNow(), actor, action, target, AuditJson.Serialize(detail)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _queue.Writer.TryComplete();
        _urgent.TrySetResult(); // a writer holding deferred records writes them now
        await _writer.ConfigureAwait(false);
        _stepExists?.Dispose();
        _highestStepOf?.Dispose();
        _insert?.Dispose();
        if (_write is not null)
            await _write.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            // Armed before draining: an awaited record queued after the drain ends the linger below at once.
            _urgent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Drain(batch);
            if (batch.Count < MaxBatch && Linger > TimeSpan.Zero && !_closing && batch.TrueForAll(p => p.MayWait))
            {
                await Task.WhenAny(_urgent.Task, Task.Delay(Linger)).ConfigureAwait(false);
                Drain(batch);
            }
            await WriteBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private void Drain(List<PendingAppend> batch)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            batch.Add(next);
    }

    private async Task WriteBatchAsync(List<PendingAppend> batch)
    {
        var written = new AuditRecord?[batch.Count];
        long seq;
        string hash;
        try
        {
            var connection = _write ?? await _shared!.OpenAsync().ConfigureAwait(false);
            try
            {
                await using var tx = _write is not null ? _write.BeginTransaction() : await connection.BeginTransactionAsync().ConfigureAwait(false);
                (seq, hash) = _write is not null ? (_lastSeq, _lastHash) : await LockHeadAsync(connection, tx).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    var entry = batch[i].Entry;
                    if (entry is null)
                        continue;
                    // audit.db's index key, derived once per record (null on PostgreSQL, which indexes the target).
                    var key = _write is not null ? AuditTargets.Key(entry.Target) : null;
                    if (entry.Step is { } step && await StepExistsAsync(connection, tx, entry.Target, key, step).ConfigureAwait(false))
                        continue;
                    var at = AuditHash.Truncate(entry.At);
                    var record = new AuditRecord(seq + 1, at, entry.Actor, entry.Action, entry.Target, entry.Detail,
                        AuditHash.Compute(seq + 1, at, entry.Actor, entry.Action, entry.Target, entry.Detail, hash), hash);
                    await InsertAsync(connection, tx, record, entry.Step, key).ConfigureAwait(false);
                    if (_write is not null && entry.Step is { } recorded)
                        Recorded(entry.Target, recorded, entry.Action);
                    (seq, hash, written[i]) = (record.Seq, record.Hash, record);
                }
                await tx.CommitAsync().ConfigureAwait(false);
            }
            finally
            {
                if (_write is null)
                    await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch)
                pending.Completion.TrySetException(e);
            _highestStep.Clear(); // the batch's steps were rolled back
            if (_write is not null)
                LoadHead();
            return;
        }
        (_lastSeq, _lastHash) = (seq, hash);
        for (var i = 0; i < batch.Count; i++)
            batch[i].Completion.TrySetResult(written[i]);
    }

    private async Task<bool> StepExistsAsync(DbConnection connection, DbTransaction tx, string target, string? key, int step)
    {
        if (_write is not null)
        {
            // Above the highest step recorded for the target: not recorded, no search. Otherwise search the index.
            if (step > HighestStep(target, key))
                return false;
            Interlocked.Increment(ref _stepProbes);
            return (_stepExists ??= new SqliteRawStatement(_write, SqliteStepExists)).Bind(1, key).Bind(2, step).Bind(3, target).ExecuteInt64() != 0;
        }
        // PostgreSQL (the SQLite file took the prepared statement above).
        await using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM audit WHERE target = @t AND step = @s)",
            ("@t", target), ("@s", step));
        command.Transaction = tx;
        return Convert.ToBoolean(await command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task InsertAsync(DbConnection connection, DbTransaction tx, AuditRecord r, int? step, string? key)
    {
        if (_write is not null)
        {
            (_insert ??= new SqliteRawStatement(_write, SqliteInsert))
                .Bind(1, r.Seq).Bind(2, AuditHash.FormatAt(r.At)).Bind(3, r.Actor).Bind(4, r.Action).Bind(5, r.Target).Bind(6, r.Detail)
                .Bind(7, r.Hash).Bind(8, r.PrevHash).Bind(9, step).Bind(10, key).Execute();
            return;
        }
        // On PostgreSQL the step column is unique per target: no node can record a step twice.
        await using var command = Command(connection,
            "INSERT INTO audit (seq, at, actor, action, target, detail, hash, prev_hash, step) VALUES (@s, @at, @ac, @an, @t, @d, @h, @p, @step)",
            ("@s", r.Seq), ("@at", AuditHash.FormatAt(r.At)), ("@ac", r.Actor), ("@an", r.Action), ("@t", r.Target), ("@d", r.Detail),
            ("@h", r.Hash), ("@p", r.PrevHash));
        command.Transaction = tx;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@step";
        parameter.Value = step is { } s ? s : DBNull.Value;
        parameter.DbType = System.Data.DbType.Int32;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The highest step recorded for a target, known to the writer: a command's steps come one after another, and each
    /// of them used to search the <c>(target_key, step)</c> index before its insert — one index search per record. The
    /// writer is the file's only writer, so what it inserted keeps the figure exact: a target it has not seen lately is
    /// read once (<c>MAX(step)</c>), and a step above the highest is not recorded without a search. A step at or below it
    /// (a repeated effect, the catch-up at start) is still searched. Targets whose command ended are forgotten, and all
    /// are when the map is full or a batch rolled back.
    /// </summary>
    private int HighestStep(string target, string? key)
    {
        if (_highestStep.TryGetValue(target, out var highest))
            return highest;
        Interlocked.Increment(ref _stepProbes);
        highest = (int)(_highestStepOf ??= new SqliteRawStatement(_write!, SqliteHighestStep)).Bind(1, key).Bind(2, target).ExecuteInt64();
        if (_highestStep.Count >= MaxTrackedTargets)
            _highestStep.Clear();
        _highestStep[target] = highest;
        return highest;
    }

    private void Recorded(string target, int step, string action)
    {
        if (action is AuditActions.CommandSucceeded or AuditActions.CommandFailed or AuditActions.CommandCancelled or AuditActions.CommandExpired)
            _highestStep.Remove(target);
        else if (!_highestStep.TryGetValue(target, out var highest) || step > highest)
            _highestStep[target] = step;
    }

    private const int MaxTrackedTargets = 65_536;

    /// <summary>Searches of <c>audit.db</c>'s step index by the writer so far (<see cref="HighestStep"/>).</summary>
    internal long StepProbes => Interlocked.Read(ref _stepProbes);

    /// <summary>
    /// The two unhashed columns beside the hashed record, and the indexes on them. <c>step</c> is a command record's
    /// timeline step (as on PostgreSQL); <c>target_key</c> is <see cref="AuditTargets.Key"/> of the target — the command
    /// id for a command's records, the target itself for the rest. Command ids begin with their creation time, so the
    /// records a commit writes for the commands in flight land in a few neighbouring pages of <c>(target_key, step)</c>,
    /// where an index on the target (which begins with the endpoint) takes one random page per record: in
    /// <c>audit.db</c> that index was most of what each record wrote to disk (bench/README, session 8). The
    /// endpoint query finds an endpoint's targets through a partial index on <c>target</c> that holds only each target's
    /// first record (step 0 or no step) and then their records by key. A file written before a column existed gets it
    /// added and filled (<c>step</c> from <c>detail</c>, <c>target_key</c> from <c>target</c>) and the old indexes
    /// replaced, once, in one transaction.
    /// </summary>
    private static void MigrateIndexes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('audit') WHERE name IN ('step', 'target_key')";
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
            while (reader.Read())
                columns.Add(reader.GetString(0));
        using var tx = connection.BeginTransaction();
        command.Transaction = tx;
        command.CommandText = (columns.Contains("step") ? "" : """
            ALTER TABLE audit ADD COLUMN step INTEGER;
            UPDATE audit SET step = json_extract(detail, '$.step') WHERE json_valid(detail) AND json_type(detail, '$.step') = 'integer';
            """) + (columns.Contains("target_key") ? "" : $"""
            ALTER TABLE audit ADD COLUMN target_key TEXT;
            UPDATE audit SET target_key = {SqliteKeyOfTarget};
            """) + """
            CREATE INDEX IF NOT EXISTS audit_key_step ON audit (target_key, step);
            CREATE INDEX IF NOT EXISTS audit_first_by_target ON audit (target) WHERE step IS NULL OR step = 0;
            DROP INDEX IF EXISTS audit_target;
            DROP INDEX IF EXISTS audit_target_step;
            """;
        command.ExecuteNonQuery();
        tx.Commit();
    }

    /// <summary><see cref="AuditTargets.Key"/> in SQL, for files written before the column.</summary>
    private static readonly string SqliteKeyOfTarget =
        $"CASE WHEN instr(target, '{AuditTargets.CommandsSegment}') > 0 " +
        $"THEN substr(target, instr(target, '{AuditTargets.CommandsSegment}') + {AuditTargets.CommandsSegment.Length}) ELSE target END";

    /// <summary>The chain continues from the record with the highest seq (even if the log was tampered with: verify says so).</summary>
    private void LoadHead()
    {
        using var command = _write!.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        (_lastSeq, _lastHash) = reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditHash.Genesis);
    }

    /// <summary>Whether a step of a target is recorded: a search of the <c>(target_key, step)</c> index.</summary>
    internal const string SqliteStepExists = "SELECT EXISTS (SELECT 1 FROM audit WHERE target_key = $p0 AND step = $p1 AND target = $p2)";

    /// <summary>The highest step recorded for a target (-1 for none), by the same index.</summary>
    internal const string SqliteHighestStep = "SELECT COALESCE(MAX(step), -1) FROM audit WHERE target_key = $p0 AND target = $p1";

    /// <summary>
    /// The SQLite writer's two per-record statements are prepared once on its own connection and reused for every record
    /// (a statement built per record was parsed and planned per record: most of the writer's CPU), run through
    /// <see cref="SqliteRawStatement"/> (inside the writer's transaction).
    /// </summary>
    private const string SqliteInsert =
        "INSERT INTO audit (seq, at, actor, action, target, detail, hash, prev_hash, step, target_key) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)";

    /// <summary>A command with its parameters (<c>@name</c> on both providers).</summary>
    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
