using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Caisey.Node.Storage;

namespace Caisey.Node.Commands;

/// <summary>
/// Command output: chunks keyed by command id and the agent's sequence number, on SQLite in their own file
/// (<c>output.db</c>, WAL, synchronous=FULL) or on PostgreSQL (component <c>output</c>), where output written by the
/// node that holds the agent's bridge is read and followed through any node. An append is durable when it returns
/// (ack the agent's chunk only then); a repeated (command, seq) is ignored, so re-sent chunks are stored once.
/// Followers are woken on every append, on any node.
/// </summary>
public sealed class CommandOutputStore : IDisposable
{
    public static readonly SqlSchema Schema = new("output",
        Sqlite:
        [
            """
            CREATE TABLE IF NOT EXISTS command_output (command_id TEXT NOT NULL, seq INTEGER NOT NULL, stream TEXT NOT NULL,
                data TEXT NOT NULL, PRIMARY KEY (command_id, seq)) WITHOUT ROWID;
            """,
        ],
        Postgres:
        [
            """
            CREATE TABLE command_output (command_id text NOT NULL, seq bigint NOT NULL, stream text NOT NULL,
                data text NOT NULL, PRIMARY KEY (command_id, seq));
            """,
        ]);

    private const string Topic = "output";

    private readonly SqlDatabase _database;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Raised after a new chunk appended by this node is durable (not for repeats), on the appender's task: keep handlers quick.</summary>
    public event Action<OutputChunkRecord>? Appended;

    /// <summary>The node's SQLite file.</summary>
    public CommandOutputStore(string filePath, TimeProvider? time = null)
        : this(new SqlDatabase(Schema, filePath), time)
    {
    }

    public CommandOutputStore(SqlDatabase database, TimeProvider? time = null)
    {
        _database = database;
        _time = time ?? TimeProvider.System;
        // Another node appended: wake this node's followers. Lost notifications cost at most the one-second re-check.
        database.Notifications?.Subscribe(Topic, Signal, () => { });
    }

    /// <summary>Cluster: a chunk another node stored (relayed over the cluster bus): raises <see cref="Appended"/> here so
    /// that this node's live events carry it too.</summary>
    public void AppendedElsewhere(OutputChunkRecord chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        Signal(chunk.CommandId);
        Appended?.Invoke(chunk);
    }

    /// <returns>False when this (command, seq) was already stored.</returns>
    public async ValueTask<bool> AppendAsync(OutputChunkRecord chunk, CancellationToken cancellationToken = default)
    {
        var serialize = _database.Dialect.SerializeWrites;
        bool inserted;
        if (serialize)
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _database.Command(connection,
                "INSERT INTO command_output (command_id, seq, stream, data) VALUES (@c, @s, @t, @d) ON CONFLICT (command_id, seq) DO NOTHING",
                ("@c", chunk.CommandId), ("@s", chunk.Seq), ("@t", chunk.Stream), ("@d", chunk.Data));
            inserted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        finally
        {
            if (serialize)
                _writeLock.Release();
        }
        if (inserted)
        {
            await _database.NotifyAsync(Topic, chunk.CommandId, cancellationToken).ConfigureAwait(false);
            Signal(chunk.CommandId);
            Appended?.Invoke(chunk);
        }
        return inserted;
    }

    /// <summary>Chunks with seq &gt; <paramref name="afterSeq"/>, in order.</summary>
    public IReadOnlyList<OutputChunkRecord> Read(string commandId, long afterSeq = -1) => _database.Query(
        "SELECT seq, stream, data FROM command_output WHERE command_id = @c AND seq > @s ORDER BY seq",
        r => new OutputChunkRecord(commandId, r.GetInt64(0), r.GetString(1), r.GetString(2)), ("@c", commandId), ("@s", afterSeq));

    /// <summary>The whole output so far, stdout and stderr interleaved in the agent's order.</summary>
    public string ReadText(string commandId)
    {
        var text = new StringBuilder();
        foreach (var chunk in Read(commandId))
            text.Append(chunk.Data);
        return text.ToString();
    }

    /// <summary>Streams chunks as they are stored until <paramref name="isDone"/> says the command is finished and
    /// everything stored was yielded, or until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<OutputChunkRecord> FollowAsync(string commandId, Func<bool> isDone, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = -1L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var signal = _signals.GetOrAdd(commandId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            var done = isDone();
            foreach (var chunk in Read(commandId, after))
            {
                after = chunk.Seq;
                yield return chunk;
            }
            if (done)
                yield break;
            // Woken by the next append (on any node), or re-checked every second (the command may finish without new output).
            await Task.WhenAny(signal, Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes followers of a command (also call when it finishes).</summary>
    public void Signal(string commandId)
    {
        if (_signals.TryRemove(commandId, out var signal))
            signal.TrySetResult();
    }

    public void Dispose() => _writeLock.Dispose();
}
