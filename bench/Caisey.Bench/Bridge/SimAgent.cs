using System.Net.WebSockets;
using Caisey.Protocol.Frames;

namespace Caisey.Bench.Bridge;

/// <summary>
/// A simulated agent speaking the real bridge protocol through <see cref="FrameCodec"/>: <c>hello</c> → <c>welcome</c>;
/// <c>ping</c> → <c>pong</c>; <c>run-command</c> → <c>ack</c>, <c>command-started</c>, <c>command-finished {exitCode: 0}</c>
/// at once (a no-op command, no output). The two requests are pipelined (the node handles a bridge's frames in order)
/// and each is tracked until the node acks it; the node acks <c>command-finished</c> only once the command is durably
/// terminal, so that ack is the agent's proof of completion. It never closes an idle bridge.
/// </summary>
internal sealed class SimAgent(string endpointId, string credential) : IAsyncDisposable
{
    private static readonly FrameCodec Codec = new();
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, string> _finishes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _welcomed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _prefix = "a" + endpointId[^6..] + "-";
    private long _nextId;
    private int _unacked;
    private Task? _loop;

    public string EndpointId { get; } = endpointId;

    /// <summary>Called with the command id when the node acked its <c>command-finished</c> (durably terminal).</summary>
    public Action<string>? Finished { get; set; }

    public int Unacked => Volatile.Read(ref _unacked);

    public long Pongs { get; private set; }

    public long Commands { get; private set; }

    /// <summary>Set when the bridge ended without this agent closing it.</summary>
    public string? Error { get; private set; }

    public Task Welcomed => _welcomed.Task;

    /// <summary>Opens the bridge, sends hello and starts answering; completes once welcome arrived.</summary>
    public async Task ConnectAsync(Uri bridge, HttpMessageInvoker? invoker, CancellationToken ct)
    {
        _socket.Options.SetRequestHeader("Authorization", "Bearer " + credential);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (invoker is null)
            await _socket.ConnectAsync(bridge, ct);
        else
            await _socket.ConnectAsync(bridge, invoker, ct);
        await SendAsync(new Hello(NextId(), EndpointId, "bench-1.0", BridgeProtocol.CurrentVersion, []));
        _loop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await _welcomed.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
    }

    private string NextId() => _prefix + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ValueTask SendAsync(Frame frame) =>
        _socket.SendAsync(Codec.Encode(frame).AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[2048];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                        Array.Resize(ref buffer, buffer.Length * 2);
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Error ??= $"the node closed the bridge: {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                        _welcomed.TrySetException(new InvalidOperationException(Error));
                        return;
                    }
                    count += result.Count;
                }
                while (!result.EndOfMessage);
                await HandleAsync(Codec.Decode(buffer.AsSpan(0, count)));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or FrameException)
        {
            Error ??= e.Message;
            _welcomed.TrySetException(e);
        }
    }

    private async Task HandleAsync(Frame frame)
    {
        switch (frame)
        {
            case Welcome:
                _welcomed.TrySetResult();
                break;
            case Ping ping:
                Pongs++;
                await SendAsync(new Pong(NextId(), ping.Id));
                break;
            case RunCommand run:
                Commands++;
                await SendAsync(new Ack(NextId(), run.Id));
                Interlocked.Add(ref _unacked, 2);
                await SendAsync(new CommandStarted(NextId(), run.CommandId));
                var finished = new CommandFinished(NextId(), run.CommandId, 0, 0, false, 0);
                _finishes[finished.Id] = run.CommandId;
                await SendAsync(finished);
                break;
            case Ack ack:
                Interlocked.Decrement(ref _unacked);
                if (_finishes.Remove(ack.CorrelationId, out var commandId))
                    Finished?.Invoke(commandId);
                break;
            case Close close:
                Error ??= "close: " + close.Reason;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Gone already.
        }
        _socket.Abort();
        if (_loop is not null)
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }
}
