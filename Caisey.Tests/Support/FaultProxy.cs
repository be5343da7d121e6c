using System.Net;
using System.Net.Sockets;

namespace Caisey.Tests.Support;

/// <summary>
/// A fault-injecting TCP proxy on 127.0.0.1: forwards every connection to <c>target</c> and, by the odds given,
/// delays chunks, cuts connections cleanly (FIN) or resets them (RST). Faults are seeded, so a run is repeatable.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly List<Task> _pumps = [];
    private readonly Task _accepting;

    public FaultProxy(IPEndPoint target, int seed = 1)
    {
        _target = target;
        _random = new Random(seed);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Odds, per forwarded chunk, that the connection is cut with a FIN.</summary>
    public double DropChance { get; set; }

    /// <summary>Odds, per forwarded chunk, that the connection is reset (RST).</summary>
    public double ResetChance { get; set; }

    /// <summary>Odds, per forwarded chunk, of a delay up to <see cref="MaxDelay"/>.</summary>
    public double DelayChance { get; set; }

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>While true, new connections are refused (accepted and closed at once).</summary>
    public bool RefuseNew { get; set; }

    public int Connections => Volatile.Read(ref _connections);

    public int Faults => Volatile.Read(ref _faults);

    private int _connections;
    private int _faults;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (RefuseNew)
            {
                client.Dispose();
                continue;
            }
            Interlocked.Increment(ref _connections);
            lock (_pumps)
                _pumps.Add(ConnectAsync(client));
        }
    }

    private async Task ConnectAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            client.Dispose();
            return;
        }
        using (client)
        using (var link = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            var a = PumpAsync(client, upstream, link);
            var b = PumpAsync(upstream, client, link);
            await Task.WhenAny(a, b);
            await link.CancelAsync();
            await Task.WhenAll(a, b);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, CancellationTokenSource link)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            var source = from.GetStream();
            var sink = to.GetStream();
            while (true)
            {
                var read = await source.ReadAsync(buffer, link.Token);
                if (read == 0)
                    return;
                var (roll, delay) = Roll();
                if (roll < ResetChance)
                {
                    Interlocked.Increment(ref _faults);
                    from.Client.LingerState = new LingerOption(true, 0);
                    to.Client.LingerState = new LingerOption(true, 0);
                    from.Client.Close();
                    to.Client.Close();
                    return;
                }
                if (roll < ResetChance + DropChance)
                {
                    Interlocked.Increment(ref _faults);
                    from.Client.Shutdown(SocketShutdown.Both);
                    to.Client.Shutdown(SocketShutdown.Both);
                    return;
                }
                if (roll < ResetChance + DropChance + DelayChance)
                    await Task.Delay(delay, link.Token);
                await sink.WriteAsync(buffer.AsMemory(0, read), link.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private (double Roll, TimeSpan Delay) Roll()
    {
        lock (_randomLock)
            return (_random.NextDouble(), MaxDelay * _random.NextDouble());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_pumps)
            pumps = [.. _pumps];
        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
