using System.Threading.Channels;
using Npgsql;

namespace Caisey.Node.Journal;

/// <summary>
/// The single owner of the journal's write connection. Appends arrive on a single-reader channel; the writer drains
/// what is queued into one transaction (group commit) and publishes outcomes after the commit.
/// </summary>
internal sealed partial class PostgresWriter : IAsyncDisposable
{
    private const int MaxCachedIds = 100_000;

    private readonly Channel<PostgresAppendRequest> _channel = Channel.CreateUnbounded<PostgresAppendRequest>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly int _maxBatchSize;
    private readonly string? _nodeId;
    private readonly List<PostgresAppendRequest> _batch;

    /// <summary>Highest sequence number of recently written ids, with the epoch it was written under (stale once the lease moved).</summary>
    private readonly Dictionary<string, (long Highest, long? Epoch)> _highest = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private NpgsqlConnection? _connection;
    private volatile TaskCompletionSource? _hold;
    private long _batches, _requests, _appends, _events, _failed;

    public PostgresWriter(NpgsqlDataSource dataSource, int maxBatchSize, string? nodeId, TimeProvider time)
    {
        _dataSource = dataSource;
        _maxBatchSize = maxBatchSize;
        _nodeId = nodeId;
        _time = time;
        _batch = new List<PostgresAppendRequest>(maxBatchSize);
        _loop = Task.Run(RunAsync);
    }

    public JournalWriterStats Stats => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _requests), Interlocked.Read(ref _appends),
        Interlocked.Read(ref _events), Interlocked.Read(ref _failed));

    /// <summary>Queues an append; its task completes after the batch that contains it commits.</summary>
    public Task<long> Enqueue(PostgresAppendRequest request)
    {
        if (!_channel.Writer.TryWrite(request))
            throw new ObjectDisposedException(nameof(PostgresEventJournal), "The PostgreSQL journal is disposed.");
        return request.Completion;
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
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The write connection, (re)opened when missing or broken; commits wait for the WAL flush.</summary>
    private async Task<NpgsqlConnection> ConnectionAsync()
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
            return open;
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
        _connection = null;
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SET synchronous_commit = on", connection))
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        return _connection = connection;
    }

    private void Remember(string persistenceId, long highest, long? epoch)
    {
        if (_highest.Count >= MaxCachedIds && !_highest.ContainsKey(persistenceId))
            _highest.Clear();
        _highest[persistenceId] = (highest, epoch);
    }

    private sealed class HoldHandle(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
