using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Caisey.Protocol.Frames;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>
/// A hand-written node at our seam: Kestrel on 127.0.0.1 implementing the agent-facing contract (enroll,
/// bridge WebSocket, doorbell, long-poll exchange) with hooks to queue commands, record frames, drop
/// connections, answer 401 or 404, and send whatever a test wants.
/// </summary>
public sealed partial class ScriptedNode : IAsyncDisposable
{
    public const string Credential = "test-credential-4f2a9c";
    public const string EnrollmentToken = "enroll-token-1";
    public const string EndpointId = "ep-test-1";

    private readonly WebApplication _app;
    private readonly FrameCodec _codec = new();
    private readonly Lock _lock = new();
    private readonly List<(int Connection, Frame Frame)> _received = [];
    private readonly List<(Func<Frame, bool> Predicate, TaskCompletionSource<Frame> Seen)> _waiters = [];
    private readonly List<RunCommand> _work = [];
    private readonly ConcurrentDictionary<string, TestNodeConnection> _exchangeSessions = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TaskCompletionSource _ring = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestNodeConnection? _current;
    private int _connections;

    private ScriptedNode(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Answer 401 to every agent call.</summary>
    public bool RejectCredential { get; set; }

    /// <summary>Answer 404 to the WebSocket bridge (the long-poll exchange still works).</summary>
    public bool WebSocketDisabled { get; set; }

    /// <summary>Answer 503 to everything: a node that is down.</summary>
    public bool Dead { get; set; }

    /// <summary>Answer 502 to the doorbell: a proxy that cuts long-polls.</summary>
    public bool DoorbellBroken { get; set; }

    /// <summary>The idle timeout the welcome announces (0: none).</summary>
    public long WelcomeIdleTimeoutMs { get; set; }

    /// <summary>When set, the first received frame that matches aborts its connection instead of being acked.</summary>
    public Func<Frame, bool>? DropOnce { get; set; }

    public int BridgeAttempts;
    public int DoorbellRequests;
    public int ExchangeRequests;
    public int ClosedByAgent;

    /// <summary>When (on this node's clock) each hello arrived.</summary>
    public ConcurrentQueue<TimeSpan> HelloTimes { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public TaskCompletionSource DoorbellHeld { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource AgentClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ScriptedNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var node = new ScriptedNode(app);
        app.UseWebSockets();
        node.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        node.Url = new Uri(address.TrimEnd('/') + "/");
        return node;
    }

    /// <summary>Every frame the node received, with the number of the connection it came on.</summary>
    public IReadOnlyList<(int Connection, Frame Frame)> Received
    {
        get
        {
            lock (_lock)
                return [.. _received];
        }
    }

    public IReadOnlyList<T> ReceivedOf<T>() where T : Frame => [.. Received.Select(r => r.Frame).OfType<T>()];

    /// <summary>The first received frame (past or future) that matches.</summary>
    public Task<Frame> WaitForFrameAsync(Func<Frame, bool> predicate, string expectation, TimeSpan? timeout = null)
    {
        lock (_lock)
        {
            var seen = _received.Select(r => r.Frame).FirstOrDefault(predicate);
            if (seen is not null)
                return Task.FromResult(seen);
            var waiter = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, waiter));
            return waiter.Task.Within(expectation, timeout);
        }
    }

    /// <summary>Queues a command: sent on the open bridge, or on the next one; the doorbell rings.</summary>
    public RunCommand QueueCommand(string commandId, string script, int timeoutSeconds = 30)
    {
        var run = new RunCommand("n-" + Guid.NewGuid().ToString("N"), commandId, script, "sh", timeoutSeconds, 1 << 20);
        TestNodeConnection? current;
        lock (_lock)
        {
            _work.Add(run);
            current = _current is { Welcomed: true, Aborted: false } ? _current : null;
            _ring.TrySetResult();
        }
        current?.Outbound.Writer.TryWrite(Encode(run));
        return run;
    }

    /// <summary>Sends raw text (a frame, or garbage) to the agent on the open connection.</summary>
    public void SendRaw(string text) => (_current ?? throw new InvalidOperationException("No agent connection is open.")).Outbound.Writer.TryWrite(text);

    public void Send(Frame frame) => SendRaw(Encode(frame));

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _exchangeSessions.Values)
            session.Abort();
        _current?.Abort();
        await _app.StopAsync(TimeSpan.FromSeconds(2).ToCancellationToken());
        await _app.DisposeAsync();
    }

    private string Encode(Frame frame) => Encoding.UTF8.GetString(_codec.Encode(frame));

    private bool Authorized(HttpContext context) =>
        !RejectCredential && context.Request.Headers.Authorization.ToString() == "Bearer " + Credential;

    private TestNodeConnection NewConnection(string transport, Action abort) =>
        new(Interlocked.Increment(ref _connections), transport, abort);

    /// <summary>What the node does with each frame: record, maybe drop, answer hello, ack requests, settle acked work.</summary>
    private void Handle(TestNodeConnection connection, Frame frame)
    {
        List<TaskCompletionSource<Frame>> matched;
        bool drop;
        lock (_lock)
        {
            _received.Add((connection.Number, frame));
            drop = DropOnce is { } dropWhen && dropWhen(frame);
            if (drop)
                DropOnce = null;
            matched = [.. _waiters.Where(w => w.Predicate(frame)).Select(w => w.Seen)];
            _waiters.RemoveAll(w => matched.Contains(w.Seen));
        }
        foreach (var seen in matched)
            seen.TrySetResult(frame);
        if (drop)
        {
            connection.Abort();
            return;
        }
        switch (frame)
        {
            case Hello hello:
                HelloTimes.Enqueue(Now);
                connection.Outbound.Writer.TryWrite(Encode(new Welcome("n-" + Guid.NewGuid().ToString("N"), hello.Id, "test-node", BridgeProtocol.CurrentVersion, WelcomeIdleTimeoutMs)));
                List<RunCommand> pending;
                lock (_lock)
                {
                    connection.Welcomed = true;
                    _current = connection;
                    pending = [.. _work];
                }
                foreach (var run in pending)
                    connection.Outbound.Writer.TryWrite(Encode(run));
                break;
            case Ack ack:
                lock (_lock)
                    _work.RemoveAll(w => w.Id == ack.CorrelationId);
                break;
            case { ExpectsAck: true }:
                connection.Outbound.Writer.TryWrite(Encode(new Ack("n-" + Guid.NewGuid().ToString("N"), frame.Id)));
                break;
        }
    }
}
