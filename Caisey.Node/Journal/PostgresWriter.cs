using Npgsql;

namespace Caisey.Node.Journal;

/// <summary>
/// The single owner of the journal's write connection. Appends arrive on a single-reader channel; the writer drains
/// what is queued into one transaction (group commit) and publishes outcomes after the commit.
/// </summary>
internal sealed partial class PostgresWriter : GroupCommitWriter<PostgresAppendRequest>, IAsyncDisposable
{
    private const int MaxCachedIds = 100_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string? _nodeId;

    /// <summary>Highest sequence number of recently written ids, with the epoch it was written under (stale once the lease moved).</summary>
    private readonly Dictionary<string, (long Highest, long? Epoch)> _highest = new(StringComparer.Ordinal);
    private NpgsqlConnection? _connection;

    public PostgresWriter(NpgsqlDataSource dataSource, int maxBatchSize, string? nodeId, TimeProvider time)
        : base(maxBatchSize, TimeSpan.Zero, time)
    {
        _dataSource = dataSource;
        _nodeId = nodeId;
        Start();
    }

    protected override string JournalName => "PostgreSQL journal";

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
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
}
