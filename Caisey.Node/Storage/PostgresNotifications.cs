using System.Collections.Concurrent;
using Npgsql;

namespace Caisey.Node.Storage;

/// <summary>
/// This node's ear on the shared PostgreSQL: one connection that <c>LISTEN</c>s on <see cref="Channel"/>, where stores
/// publish <c>topic:key</c> after a change (<see cref="SqlDatabase.Notify"/>), so that caches on the other nodes drop the
/// key and followers wake.
/// </summary>
/// <remarks>
/// A cache may keep what it reads only while <see cref="IsListening"/>: a notification sent while this node was not
/// listening is lost, so on every (re)connect and every disconnect subscribers are reset (drop everything).
/// </remarks>
public sealed partial class PostgresNotifications(PostgresDatabase database, TimeProvider time, ILogger<PostgresNotifications> logger)
    : IHostedService, IAsyncDisposable
{
    public const string Channel = "caisey_changes";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Probe = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _isListening;

    /// <summary>True while notifications are being received: a change committed now will be heard.</summary>
    public bool IsListening => _isListening;

    /// <summary>Completes when this node first listens.</summary>
    public Task Listening => _listening.Task;

    /// <summary>Calls <paramref name="changed"/> with the key of every change published under <paramref name="topic"/>,
    /// and <paramref name="reset"/> whenever changes may have been missed.</summary>
    public void Subscribe(string topic, Action<string> changed, Action reset) => _subscriptions[topic] = new Subscription(changed, reset);

    public static string Payload(string topic, string key) => topic + ":" + key;

    private int _disposed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => ListenAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // The host disposes a hosted service that is also a singleton twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenAsync(stop).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                ResetAll(); // anything cached before now may have missed a change
                _isListening = true;
                _listening.TrySetResult();
                while (true)
                {
                    if (!await connection.WaitAsync(Probe, stop).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException or TimeoutException)
            {
                LogLost(logger, e);
            }
            finally
            {
                _isListening = false;
                ResetAll();
            }
            try
            {
                await Task.Delay(Reconnect, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var colon = e.Payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && _subscriptions.TryGetValue(e.Payload[..colon], out var subscription))
            subscription.Changed(e.Payload[(colon + 1)..]);
    }

    private void ResetAll()
    {
        foreach (var subscription in _subscriptions.Values)
            subscription.Reset();
    }

    private sealed record Subscription(Action<string> Changed, Action Reset);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the PostgreSQL notification connection; caches read through until it is back")]
    private static partial void LogLost(ILogger logger, Exception exception);
}
