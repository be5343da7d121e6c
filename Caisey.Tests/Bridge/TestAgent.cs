using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Caisey.Protocol.Frames;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Bridge;

/// <summary>
/// A scripted agent for bridge tests: a real <see cref="ClientWebSocket"/> over loopback speaking the protocol with
/// <see cref="FrameCodec"/>. It answers pings while <see cref="AnswerPings"/> is set; every other frame from the node
/// is queued for <see cref="NextAsync{T}"/>.
/// </summary>
public sealed class TestAgent : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ClientWebSocket _socket;
    private readonly FrameCodec _codec = new(4 * 1024 * 1024);
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _receive;
    private int _nextId;
    private bool _answerPings = true;

    private TestAgent(ClientWebSocket socket, string endpointId)
    {
        _socket = socket;
        EndpointId = endpointId;
        _receive = ReceiveLoopAsync();
    }

    public string EndpointId { get; }

    /// <summary>While false the agent keeps its socket open but stops answering pings (a frozen process).</summary>
    public bool AnswerPings
    {
        get => Volatile.Read(ref _answerPings);
        set => Volatile.Write(ref _answerPings, value);
    }

    /// <summary>Completes with the node's close status when the node closes the bridge (null when the connection just broke).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public string? CloseDescription => _socket.CloseStatusDescription;

    public static async Task<TestAgent> ConnectAsync(TestNode node, string endpointId, string credential)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + credential);
        await socket.ConnectAsync(BridgeUri(node), CancellationToken.None).WaitAsync(Patience);
        return new TestAgent(socket, endpointId);
    }

    public static Uri BridgeUri(TestNode node) => new UriBuilder(node.BaseAddress) { Scheme = "ws", Path = BridgeProtocol.Path }.Uri;

    /// <summary>Connects and says hello; returns the agent once the node's welcome arrived.</summary>
    public static async Task<(TestAgent Agent, Welcome Welcome)> OpenAsync(TestNode node, string endpointId, string credential)
    {
        var agent = await ConnectAsync(node, endpointId, credential);
        var hello = new Hello(agent.NewId(), endpointId, "test-agent/1.0", BridgeProtocol.CurrentVersion, []);
        await agent.SendAsync(hello);
        var welcome = await agent.NextAsync<Welcome>(w => w.CorrelationId == hello.Id, "welcome answering hello");
        return (agent, welcome);
    }

    public string NewId() => $"a-{Interlocked.Increment(ref _nextId)}";

    public Task SendAsync(Frame frame) => SendRawAsync(_codec.Encode(frame));

    public async Task SendRawAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a request frame and waits for the node's ack of it (the effect is durable then).</summary>
    public async Task RequestAsync(Frame request)
    {
        await SendAsync(request);
        await NextAsync<Ack>(a => a.CorrelationId == request.Id, $"the ack of {request.GetType().Name} {request.Id}");
    }

    /// <summary>The next frame of type <typeparamref name="T"/> matching <paramref name="match"/>; other frames are dropped.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool> match, string expected) where T : Frame
    {
        using var deadline = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var frame = await _frames.Reader.ReadAsync(deadline.Token);
                if (frame is T typed && match(typed))
                    return typed;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Expected {expected} within {Patience.TotalSeconds} s; it did not come.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"Expected {expected}, but the bridge closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}).");
        }
    }

    public Task<T> NextAsync<T>(string expected) where T : Frame => NextAsync<T>(_ => true, expected);

    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult(_socket.CloseStatus);
                    return;
                }
                var frame = _codec.Decode(buffer.WrittenSpan);
                if (frame is Ping ping && AnswerPings)
                    await SendAsync(new Pong(NewId(), ping.Id));
                else if (frame is not Ping)
                    _frames.Writer.TryWrite(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            _closed.TrySetResult(null);
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
