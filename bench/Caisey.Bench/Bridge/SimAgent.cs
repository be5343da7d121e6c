using System.Net;
using System.Net.WebSockets;
using Caisey.Protocol.Frames;

namespace Caisey.Bench.Bridge;

/// <summary>
/// A simulated agent speaking the real bridge protocol through <see cref="FrameCodec"/>: <c>hello</c> → <c>welcome</c>;
/// <c>ping</c> → <c>pong</c>; <c>run-command</c> → <c>ack</c>, <c>command-started</c>, <c>command-finished {exitCode: 0}</c>
/// at once (a no-op command, no output). The two requests are pipelined (the node handles a bridge's frames in order)
/// and each is tracked until the node acks it; the node acks <c>command-finished</c> only once the command is durably
/// terminal, so that ack is the agent's proof of completion. It never closes an idle bridge.
/// Cluster: a node that does not own the endpoint answers the upgrade with 421 and <see cref="BridgeProtocol.OwnerUrlHeader"/>;
/// the agent follows it (at most <see cref="MaxRedirects"/> hops, like the real agent). See <c>SimAgent.Reconnect.cs</c>
/// for reconnecting after the bridge is lost.
/// </summary>
internal sealed partial class SimAgent(string endpointId, string credential) : IAsyncDisposable
{
    private const int MaxRedirects = 3;
    private static readonly FrameCodec Codec = new();
    private readonly Dictionary<string, string> _finishes = new(StringComparer.Ordinal);
    private readonly string _prefix = "a" + endpointId[^6..] + "-";
    private ClientWebSocket _socket = new();
    private TaskCompletionSource _welcomed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private int _unacked;
    private Task? _loop;

    public string EndpointId { get; } = endpointId;

    /// <summary>Called with the command id when the node acked its <c>command-finished</c> (durably terminal).</summary>
    public Action<string>? Finished { get; set; }

    /// <summary>When set (rtt), the wall-clock time each run-command arrived, by command id.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>? RunReceivedAt { get; set; }

    public int Unacked => Volatile.Read(ref _unacked);

    public long Pongs { get; private set; }

    public long Commands { get; private set; }

    /// <summary>Set when the bridge ended without this agent closing it.</summary>
    public string? Error { get; private set; }

    public Task Welcomed => _welcomed.Task;

    /// <summary>The 421 redirects followed so far.</summary>
    public int Redirects { get; private set; }

    /// <summary>The bridge URI of the node that accepted the current (or last) bridge.</summary>
    public Uri? ConnectedTo { get; private set; }

    /// <summary>Opens the bridge (following 421 + owner URL), sends hello and starts answering; completes once welcome arrived.</summary>
    public async Task ConnectAsync(Uri bridge, HttpMessageInvoker? invoker, CancellationToken ct)
    {
        for (var hop = 0; ; hop++)
        {
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + credential);
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            socket.Options.CollectHttpResponseDetails = true;
            try
            {
                if (invoker is null)
                    await socket.ConnectAsync(bridge, ct);
                else
                    await socket.ConnectAsync(bridge, invoker, ct);
            }
            catch (WebSocketException) when (hop < MaxRedirects && socket.HttpStatusCode == HttpStatusCode.MisdirectedRequest
                                              && socket.HttpResponseHeaders?.TryGetValue(BridgeProtocol.OwnerUrlHeader, out var owner) == true
                                              && owner.FirstOrDefault() is { } ownerUrl)
            {
                socket.Dispose();
                Redirects++;
                bridge = BridgeUriOf(new Uri(ownerUrl));
                continue;
            }
            catch (WebSocketException) when (socket.HttpStatusCode == HttpStatusCode.ServiceUnavailable
                                              && socket.HttpResponseHeaders?.TryGetValue(BridgeProtocol.RetryAfterMsHeader, out var retry) == true
                                              && int.TryParse(retry.FirstOrDefault(), out var ms))
            {
                socket.Dispose();
                throw new Caisey.Agent.Bridge.BridgeShardMovingException(bridge, TimeSpan.FromMilliseconds(ms));
            }
            catch (Exception) when (hop > 0)
            {
                // As the real agent: the owner we were sent to did not answer; ask the rotation again soon.
                socket.Dispose();
                throw new Caisey.Agent.Bridge.BridgeShardMovingException(bridge, TimeSpan.FromMilliseconds(300));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            _socket.Dispose();
            _socket = socket;
            break;
        }
        ConnectedTo = bridge;
        _welcomed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Error = null;
        _finishes.Clear(); // requests of a lost bridge are never acked; the node dispatches open commands again
        Volatile.Write(ref _unacked, 0);
        await SendAsync(new Hello(NextId(), EndpointId, "bench-1.0", BridgeProtocol.CurrentVersion, []));
        _loop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        await _welcomed.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
    }

    /// <summary>ws://host:port/agent/v1/bridge of a node's base URL.</summary>
    public static Uri BridgeUriOf(Uri nodeUrl) =>
        new(new Uri(nodeUrl.ToString().Replace("http", "ws", StringComparison.Ordinal)), BridgeProtocol.Path);

    private string NextId() => _prefix + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private ValueTask SendAsync(Frame frame) =>
        _socket.SendAsync(Codec.Encode(frame).AsMemory(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private async Task ReceiveLoopAsync()
    {
        var message = new WholeMessage(2048);
        try
        {
            while (true)
            {
                if (await message.ReceiveAsync(_socket) is not { } bytes)
                {
                    Error ??= $"the node closed the bridge: {_socket.CloseStatus} {_socket.CloseStatusDescription}";
                    _welcomed.TrySetException(new InvalidOperationException(Error));
                    return;
                }
                await HandleAsync(Codec.Decode(bytes.Span));
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
                RunReceivedAt?.TryAdd(run.CommandId, DateTimeOffset.UtcNow);
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
        await StopReconnectingAsync();
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
