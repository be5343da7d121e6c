using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Commands;

/// <summary>
/// Command output on the node (<c>output.db</c>, WAL, synchronous=FULL): chunks keyed by command id and the agent's
/// sequence number. An append is durable when it returns (ack the agent's chunk only then); a repeated
/// (command, seq) is ignored, so re-sent chunks are stored once. Followers are woken on every append.
/// </summary>
public sealed class CommandOutputStore : IDisposable
{
    private readonly SqliteConnection _write;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>Raised after a new chunk is durable (not for repeats), on the appender's task: keep handlers quick.</summary>
    public event Action<OutputChunkRecord>? Appended;

    private readonly TimeProvider _time;

    public CommandOutputStore(string filePath, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        var path = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _write = new SqliteConnection(_connectionString);
        _write.Open();
        using var setup = _write.CreateCommand();
        setup.CommandText = """
            PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;
            CREATE TABLE IF NOT EXISTS command_output (command_id TEXT NOT NULL, seq INTEGER NOT NULL, stream TEXT NOT NULL,
                data TEXT NOT NULL, PRIMARY KEY (command_id, seq)) WITHOUT ROWID;
            """;
        setup.ExecuteNonQuery();
    }

    /// <returns>False when this (command, seq) was already stored.</returns>
    public async ValueTask<bool> AppendAsync(OutputChunkRecord chunk, CancellationToken cancellationToken = default)
    {
        bool inserted;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _write.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO command_output (command_id, seq, stream, data) VALUES ($c, $s, $t, $d)";
            command.Parameters.AddWithValue("$c", chunk.CommandId);
            command.Parameters.AddWithValue("$s", chunk.Seq);
            command.Parameters.AddWithValue("$t", chunk.Stream);
            command.Parameters.AddWithValue("$d", chunk.Data);
            inserted = command.ExecuteNonQuery() == 1;
        }
        finally
        {
            _writeLock.Release();
        }
        if (inserted)
        {
            Signal(chunk.CommandId);
            Appended?.Invoke(chunk);
        }
        return inserted;
    }

    /// <summary>Chunks with seq &gt; <paramref name="afterSeq"/>, in order.</summary>
    public IReadOnlyList<OutputChunkRecord> Read(string commandId, long afterSeq = -1)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, stream, data FROM command_output WHERE command_id = $c AND seq > $s ORDER BY seq";
        command.Parameters.AddWithValue("$c", commandId);
        command.Parameters.AddWithValue("$s", afterSeq);
        using var reader = command.ExecuteReader();
        var chunks = new List<OutputChunkRecord>();
        while (reader.Read())
            chunks.Add(new OutputChunkRecord(commandId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        return chunks;
    }

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
            // Woken by the next append, or re-checked every second (the command may finish without new output).
            await Task.WhenAny(signal, Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Wakes followers of a command (also call when it finishes).</summary>
    public void Signal(string commandId)
    {
        if (_signals.TryRemove(commandId, out var signal))
            signal.TrySetResult();
    }

    public void Dispose()
    {
        _write.Dispose();
        _writeLock.Dispose();
    }
}
