using System.Diagnostics;
using System.Net.WebSockets;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Bridge;

/// <summary>Round trips (µs) of one client sending a 40-byte text frame to <see cref="EchoServer"/> and reading it back.</summary>
internal static class EchoBaseline
{
    public static async Task<double[]> RoundTripsAsync(int warmup, int count)
    {
        await using var server = await EchoServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var frame = "{\"type\":\"ping\",\"id\":\"n-0123456789abcde\"}"u8.ToArray();
        if (frame.Length != 40)
            throw new InvalidOperationException($"the echo frame is {frame.Length} bytes, not 40");
        var buffer = new byte[256];
        var latencies = new List<long>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            ValueWebSocketReceiveResult result;
            do
                result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            while (!result.EndOfMessage);
            if (i >= warmup)
                latencies.Add(Stopwatch.GetTimestamp() - t0);
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return Percentiles.TicksToMicroseconds(latencies);
    }
}
