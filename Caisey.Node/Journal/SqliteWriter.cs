using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>
/// The single owner of the journal file's write connection. Requests arrive on a single-reader channel;
/// the writer drains what is queued into one transaction (group commit) and publishes outcomes after the commit.
/// </summary>
internal sealed partial class SqliteWriter : IAsyncDisposable
{
    private const int MaxCachedIds = 100_000;

    private readonly Channel<SqliteWriteRequest> _channel = Channel.CreateUnbounded<SqliteWriteRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly int _maxBatchSize;
    private readonly List<SqliteWriteRequest> _batch;
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private volatile TaskCompletionSource? _hold;
    private long _batches, _requests, _appends, _events, _failed;

    public SqliteWriter(SqliteConnection connection, int maxBatchSize, TimeProvider time)
    {
        _connection = connection;
        _maxBatchSize = maxBatchSize;
        _time = time;
        _batch = new List<SqliteWriteRequest>(maxBatchSize);
        Commands = new SqliteWriteCommands(connection);
        _loop = Task.Run(RunAsync);
    }

    public SqliteWriteCommands Commands { get; }

    public JournalWriterStats Stats => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _requests), Interlocked.Read(ref _appends),
        Interlocked.Read(ref _events), Interlocked.Read(ref _failed));

    /// <summary>Queues a request; its task completes after the batch that contains it commits.</summary>
    public Task<long> Enqueue(SqliteWriteRequest request)
    {
        if (!_channel.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(SqliteEventJournal), "The SQLite journal is disposed.");
        return request.Completion;
    }

    /// <summary>Highest sequence number of an id as seen inside the current transaction (cached).</summary>
    public long HighestOf(string persistenceId)
    {
        if (_highest.TryGetValue(persistenceId, out var highest))
            return highest;
        highest = Commands.Highest(persistenceId);
        NoteHighest(persistenceId, highest);
        return highest;
    }

    public void NoteHighest(string persistenceId, long seq)
    {
        if (_highest.Count >= MaxCachedIds && !_highest.ContainsKey(persistenceId))
            _highest.Clear();
        _highest[persistenceId] = seq;
    }

    /// <summary>Test seam: holds the writer before its next batch until the returned handle is disposed.</summary>
    internal IDisposable Hold()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hold = gate;
        return new HoldHandle(() =>
        {
            _hold = null;
            gate.TrySetResult();
        });
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        _hold?.TrySetResult();
        await _loop.ConfigureAwait(false);
        Commands.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class HoldHandle(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
