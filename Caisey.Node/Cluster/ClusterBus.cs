using System.Text.Json;
using System.Threading.Channels;
using Caisey.Node.Storage;
using Npgsql;

namespace Caisey.Node.Cluster;

/// <summary>
/// Fan-out between nodes over PostgreSQL <c>LISTEN/NOTIFY</c> (channel <c>caisey_bus</c>): what one node's entities and
/// bridges change (fleet views, reachability, output, doorbells) reaches every other node, so that a technician's console
/// on any node updates live. Payloads over the NOTIFY limit travel through <c>cluster_bus_payloads</c>.
/// </summary>
/// <remarks>
/// Publishing never blocks the caller: messages queue in order and one sender writes them. Delivery is best effort
/// by design (the journal is the truth; these are view refreshes): after a lost LISTEN connection
/// <see cref="Reconnected"/> fires so that subscribers can refresh what they hold.
/// </remarks>
public sealed partial class ClusterBus : IAsyncDisposable
{
    public const string Component = "cluster-bus";
    private const string Channel = "caisey_bus";
    private const int InlineLimit = 7_000;

    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE cluster_bus_payloads (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp());
        CREATE TABLE cluster_settings (key text PRIMARY KEY, value text NOT NULL);
        """,
    ];

    private readonly PostgresDatabase _database;
    private readonly string _nodeId;
    private readonly ILogger<ClusterBus> _logger;
    private readonly Channel<BusMessage> _outbound = System.Threading.Channels.Channel.CreateBounded<BusMessage>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private Task _sender = Task.CompletedTask;
    private Task _listener = Task.CompletedTask;
    private long _published;
    private long _received;

    public ClusterBus(PostgresDatabase database, string nodeId, ILogger<ClusterBus> logger)
    {
        _database = database;
        _nodeId = nodeId;
        _logger = logger;
    }

    /// <summary>A message from another node (never this node's own), on the listener's task: keep handlers quick.</summary>
    public event Action<BusMessage>? Received;

    /// <summary>The LISTEN connection was re-established after a loss: messages in between may be missing.</summary>
    public event Action? Reconnected;

    /// <summary>The secret nodes present to each other; read from the shared database by <see cref="StartAsync"/>.</summary>
    public ClusterSecret Secret { get; private set; } = new(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    public long Published => Interlocked.Read(ref _published);

    public long ReceivedCount => Interlocked.Read(ref _received);

    /// <summary>Creates the bus tables, reads (or creates) the cluster secret, and starts listening and sending.</summary>
    public async Task<ClusterSecret> StartAsync(CancellationToken cancellationToken)
    {
        await _database.MigrateAsync(Component, Migrations, cancellationToken).ConfigureAwait(false);
        var secret = await ReadSecretAsync(cancellationToken).ConfigureAwait(false);
        Secret = secret;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _listener = Task.Run(() => ListenAsync(listening, _stop.Token), CancellationToken.None);
        _sender = Task.Run(() => SendAsync(_stop.Token), CancellationToken.None);
        await listening.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return secret;
    }

    /// <summary>Queues a message for every other node; never blocks.</summary>
    public void Publish(string kind, JsonElement body) => _outbound.Writer.TryWrite(new BusMessage(_nodeId, kind, body));

    public async ValueTask DisposeAsync()
    {
        _outbound.Writer.TryComplete();
        await _sender.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task<ClusterSecret> ReadSecretAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO cluster_settings (key, value) VALUES ('secret', @candidate) ON CONFLICT (key) DO NOTHING;
            SELECT value FROM cluster_settings WHERE key = 'secret';
            """, connection);
        command.Parameters.AddWithValue("candidate", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return new ClusterSecret((string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    private async Task ListenAsync(TaskCompletionSource listening, CancellationToken stop)
    {
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _database.OpenAsync(stop).ConfigureAwait(false);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                if (first)
                    listening.TrySetResult();
                else
                    Reconnected?.Invoke();
                first = false;
                while (!stop.IsCancellationRequested)
                    await connection.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                LogListenFailed(e.Message);
                if (first)
                {
                    listening.TrySetException(e);
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private void OnNotification(string payload)
    {
        try
        {
            var message = JsonSerializer.Deserialize(payload, ClusterJsonContext.Default.BusMessage);
            if (message is null || message.Origin == _nodeId)
                return;
            if (message.PayloadId is { } id)
                message = FetchLarge(id) ?? message;
            if (message.Body is null)
                return;
            Interlocked.Increment(ref _received);
            Received?.Invoke(message);
        }
        catch (Exception e) when (e is JsonException or NpgsqlException)
        {
            LogBadMessage(e.Message);
        }
    }

    private BusMessage? FetchLarge(long id)
    {
        using var connection = _database.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT body FROM cluster_bus_payloads WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return command.ExecuteScalar() is string body ? JsonSerializer.Deserialize(body, ClusterJsonContext.Default.BusMessage) : null;
    }

    private async Task SendAsync(CancellationToken stop)
    {
        var batch = new List<BusMessage>();
        var sinceCleanup = 0;
        while (!stop.IsCancellationRequested && await _outbound.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 200 && _outbound.Reader.TryRead(out var next))
                batch.Add(next);
            try
            {
                await SendBatchAsync(batch, ++sinceCleanup % 1000 == 0, stop).ConfigureAwait(false);
                Interlocked.Add(ref _published, batch.Count);
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                LogSendFailed(batch.Count, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendBatchAsync(List<BusMessage> batch, bool cleanup, CancellationToken stop)
    {
        await using var connection = await _database.OpenAsync(stop).ConfigureAwait(false);
        await using var npgsqlBatch = new NpgsqlBatch(connection);
        foreach (var message in batch)
        {
            var json = JsonSerializer.Serialize(message, ClusterJsonContext.Default.BusMessage);
            var command = new NpgsqlBatchCommand(json.Length <= InlineLimit
                ? "SELECT pg_notify(@channel, @payload)"
                : "WITH stored AS (INSERT INTO cluster_bus_payloads (body) VALUES (@payload) RETURNING id) " +
                  "SELECT pg_notify(@channel, json_build_object('origin', @origin::text, 'kind', @kind::text, 'payloadId', id)::text) FROM stored");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", json);
            if (json.Length > InlineLimit)
            {
                command.Parameters.AddWithValue("origin", message.Origin);
                command.Parameters.AddWithValue("kind", message.Kind);
            }
            npgsqlBatch.BatchCommands.Add(command);
        }
        if (cleanup)
            npgsqlBatch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM cluster_bus_payloads WHERE created_at < clock_timestamp() - interval '10 minutes'"));
        await npgsqlBatch.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster bus: listening failed ({Problem}); reconnecting")]
    private partial void LogListenFailed(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster bus: could not publish {Count} messages ({Problem}); they are dropped (views refresh on the next change)")]
    private partial void LogSendFailed(int count, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster bus: ignored an unreadable message ({Problem})")]
    private partial void LogBadMessage(string problem);
}

/// <summary>One message on the cluster bus: the sending node, a kind (<c>endpoint</c>, <c>command</c>, <c>reach</c>, <c>output</c>, <c>doorbell</c>) and its JSON.</summary>
public sealed record BusMessage(string Origin, string Kind, JsonElement? Body, long? PayloadId = null);
