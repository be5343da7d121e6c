using System.Diagnostics;
using System.Net.WebSockets;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Bridge;

/// <summary>
/// Round trips (µs) of one client sending a 40-byte text frame to <see cref="EchoServer"/> and reading it back, in as
/// many passes as asked on one server and connection (a benchmark that interleaves its baselines starts neither twice).
/// </summary>
internal sealed class EchoBaseline : IAsyncDisposable
{
    private static readonly byte[] Frame = "{\"type\":\"ping\",\"id\":\"n-0123456789abcde\"}"u8.ToArray();

    private readonly EchoServer _server;
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[256];

    private EchoBaseline(EchoServer server, ClientWebSocket socket) => (_server, _socket) = (server, socket);

    public static async Task<EchoBaseline> StartAsync()
    {
        if (Frame.Length != 40)
            throw new InvalidOperationException($"the echo frame is {Frame.Length} bytes, not 40");
        var server = await EchoServer.StartAsync();
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        return new EchoBaseline(server, socket);
    }

    /// <summary><paramref name="warmup"/> unmeasured round trips, then <paramref name="count"/> measured ones.</summary>
    public async Task<double[]> RunAsync(int warmup, int count)
    {
        var latencies = new List<long>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await _socket.SendAsync(Frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            ValueWebSocketReceiveResult result;
            do
                result = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None);
            while (!result.EndOfMessage);
            if (i >= warmup)
                latencies.Add(Stopwatch.GetTimestamp() - t0);
        }
        return Percentiles.TicksToMicroseconds(latencies);
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        _socket.Dispose();
        await _server.DisposeAsync();
    }
}
