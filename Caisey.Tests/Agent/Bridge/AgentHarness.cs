using Caisey.Agent.Bridge;
using Caisey.Agent.Commands;
using Caisey.Agent.Enrollment;
using Caisey.Agent.Hosting;
using Caisey.Agent.Inventory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>An in-process agent (real runner, journal, executor, transports) pointed at test nodes, with fast timings.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private AgentCommandJournal? _journal;
    private HttpClient? _http;

    public AgentHarness(TempDirectory directory, params Uri[] servers)
    {
        Directory = directory;
        Options = new AgentOptions
        {
            DataDir = directory.File("agent-data"),
            ServerUrls = [.. servers.Select(s => s.ToString())],
            CheckinInterval = TimeSpan.FromMinutes(10),
            BridgeIdleTimeout = TimeSpan.FromSeconds(30),
            DoorbellWait = TimeSpan.FromSeconds(10),
            ReconnectMin = TimeSpan.FromMilliseconds(20),
            ReconnectMax = TimeSpan.FromMilliseconds(200),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            LongPollWait = TimeSpan.FromSeconds(2),
        };
    }

    public TempDirectory Directory { get; }

    public AgentOptions Options { get; }

    public string Credential { get; set; } = ScriptedNode.Credential;

    /// <summary>The pending-updates probe the inventory runs (none by default, so check-ins are instant).</summary>
    public PendingUpdatesProbe? PendingUpdates { get; set; }

    public AgentRunner? Runner { get; private set; }

    /// <summary>The runner's task: faults when the runner gives up.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    public string SideEffectFile => Directory.File("side-effect");

    public async Task<AgentHarness> StartAsync()
    {
        var credential = new AgentCredential([.. Options.ServerUrls], ScriptedNode.EndpointId, Credential);
        await new CredentialStore(Options.DataDir).SaveAsync(credential);
        _journal = await AgentCommandJournal.OpenAsync(Options.DataDir, TimeProvider.System);
        var executor = new CommandExecutor(_journal, new CommandRunner(TimeProvider.System));
        var inventory = new InventoryCollector(new InventoryCollectorOptions { DataDirectory = Options.DataDir }, TimeProvider.System, PendingUpdates);
        _http = AgentHttp.Create(null);
        Runner = new AgentRunner(Options, credential, executor, inventory, _http, TimeProvider.System, new Random(42), NullLoggerFactory.Instance);
        Running = Task.Run(() => Runner.RunAsync(_stop.Token));
        return this;
    }

    /// <summary>Stops the agent and waits for it, like a restart's first half.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_journal is not null)
            await _journal.DisposeAsync();
        _journal = null;
        _http?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
