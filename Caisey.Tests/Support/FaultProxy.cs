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

    /// <summary>
    /// While true, bytes from the client towards the target are read and thrown away (the connection stays up): what the
    /// client sends is lost without either side noticing, like a link that died one way.
    /// </summary>
    public bool BlackholeToTarget { get; set; }

    /// <summary>Bytes thrown away by <see cref="BlackholeToTarget"/>.</summary>
    public long BlackholedBytes => Interlocked.Read(ref _blackholedBytes);

    /// <summary>Faults by kind: connections cut with a FIN, reset with an RST, and chunks delayed.</summary>
    public (int Drops, int Resets, int Delays) FaultCounts => (Volatile.Read(ref _drops), Volatile.Read(ref _resets), Volatile.Read(ref _delays));

    public int Connections => Volatile.Read(ref _connections);

    public int Faults => Volatile.Read(ref _faults);

    private readonly HashSet<(TcpClient Client, TcpClient Upstream)> _live = [];
    private int _connections;
    private int _faults;
    private int _drops;
    private int _resets;
    private int _delays;
    private long _blackholedBytes;

    /// <summary>Resets (RST) every connection open now; returns how many.</summary>
    public int ResetAll()
    {
        List<(TcpClient Client, TcpClient Upstream)> live;
        lock (_live)
            live = [.. _live];
        foreach (var (client, upstream) in live)
        {
            foreach (var socket in (TcpClient[])[client, upstream])
            {
                try
                {
                    // A TcpClient loses its Socket once disposed: that connection is already gone.
                    if (socket.Client is not { } raw)
                        continue;
                    raw.LingerState = new LingerOption(true, 0);
                    raw.Close();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }
        }
        return live.Count;
    }

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
        lock (_live)
            _live.Add((client, upstream));
        using (client)
        using (var link = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            var a = PumpAsync(client, upstream, link, toTarget: true);
            var b = PumpAsync(upstream, client, link, toTarget: false);
            await Task.WhenAny(a, b);
            await link.CancelAsync();
            await Task.WhenAll(a, b);
        }
        lock (_live)
            _live.Remove((client, upstream));
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, CancellationTokenSource link, bool toTarget)
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
                if (toTarget && BlackholeToTarget)
                {
                    Interlocked.Add(ref _blackholedBytes, read);
                    continue;
                }
                var (roll, delay) = Roll();
                if (roll < ResetChance)
                {
                    Interlocked.Increment(ref _faults);
                    Interlocked.Increment(ref _resets);
                    from.Client.LingerState = new LingerOption(true, 0);
                    to.Client.LingerState = new LingerOption(true, 0);
                    from.Client.Close();
                    to.Client.Close();
                    return;
                }
                if (roll < ResetChance + DropChance)
                {
                    Interlocked.Increment(ref _faults);
                    Interlocked.Increment(ref _drops);
                    from.Client.Shutdown(SocketShutdown.Both);
                    to.Client.Shutdown(SocketShutdown.Both);
                    return;
                }
                if (roll < ResetChance + DropChance + DelayChance)
                {
                    Interlocked.Increment(ref _delays);
                    await Task.Delay(delay, link.Token);
                }
                await sink.WriteAsync(buffer.AsMemory(0, read), link.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException
                                       or InvalidOperationException /* GetStream on a socket the other pump already reset */)
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
