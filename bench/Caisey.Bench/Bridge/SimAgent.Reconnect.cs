using System.Diagnostics;
using Caisey.Agent.Bridge;

namespace Caisey.Bench.Bridge;

/// <summary>
/// Reconnecting after a lost bridge, the way the real agent's runner does it over WebSocket (<c>AgentRunner</c>): after
/// a loss wait <c>policy.NextDelay(0)</c>, dial the current node of the rotation (a 421 is followed at once), back off
/// with the same policy after each failed try, and move to the next node after
/// <see cref="FailuresBeforeRotation"/> failures in a row (the agent's <c>transport-failures-before-rotation</c>).
/// </summary>
internal sealed partial class SimAgent
{
    private const int FailuresBeforeRotation = 2;
    private readonly CancellationTokenSource _stop = new();
    private Task? _supervisor;

    /// <summary>Called with <see cref="Stopwatch.GetTimestamp"/> when a bridge is re-established after a loss.</summary>
    public Action<SimAgent, long>? Reconnected { get; set; }

    /// <summary>Bridges re-established after a loss.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Keeps the bridge up: dials <paramref name="rotation"/>[<paramref name="first"/>] now, and again after every loss.</summary>
    public async Task ConnectAndStayAsync(IReadOnlyList<Uri> rotation, int first, ReconnectPolicy policy, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ConnectAsync(rotation[first], null, ct);
                break;
            }
            catch (Caisey.Agent.Bridge.BridgeShardMovingException moving) when (attempt < 100)
            {
                await Task.Delay(moving.RetryAfter, ct);
            }
        }
        _supervisor = Task.Run(() => SuperviseAsync(rotation, first, policy), CancellationToken.None);
    }

    private async Task SuperviseAsync(IReadOnlyList<Uri> rotation, int current, ReconnectPolicy policy)
    {
        var random = new Random();
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await _loop!.WaitAsync(token);
                await Task.Delay(policy.NextDelay(0, null, random)!.Value, token);
                for (var failures = 0; ; )
                {
                    try
                    {
                        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
                        attempt.CancelAfter(TimeSpan.FromSeconds(10));
                        await ConnectAsync(rotation[current], null, attempt.Token);
                        Reconnects++;
                        Reconnected?.Invoke(this, Stopwatch.GetTimestamp());
                        break;
                    }
                    catch (Caisey.Agent.Bridge.BridgeShardMovingException moving) when (!token.IsCancellationRequested)
                    {
                        // As the real agent: the endpoint's shard is moving, retry soon without counting a failure.
                        await Task.Delay(moving.RetryAfter * (0.5 + random.NextDouble()), token);
                    }
                    catch (Exception e) when (!token.IsCancellationRequested && e is not OutOfMemoryException)
                    {
                        failures++;
                        if (failures % FailuresBeforeRotation == 0)
                            current = (current + 1) % rotation.Count;
                        await Task.Delay(policy.NextDelay(failures - 1, e, random)!.Value, token);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task StopReconnectingAsync()
    {
        await _stop.CancelAsync();
        if (_supervisor is not null)
            await _supervisor.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
