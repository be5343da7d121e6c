using Caisey.Tests.Agent;
using Caisey.Tests.Support;
using Xunit.Abstractions;

namespace Caisey.Tests.EndToEnd;

/// <summary>
/// One end-to-end scene: a real node process (own data directory, loopback port), its admin API, the machines'
/// agents and the side-effect log they write. Disposing kills every process and writes their logs' tails to the
/// test output, so a failure shows what the programs said.
/// </summary>
public sealed class EndToEndRig : IAsyncDisposable
{
    private const int LogTailLines = 120;

    /// <summary>Node settings that make a test's bridge timing quick without changing its semantics.</summary>
    public static readonly string[] FastBridge =
    [
        "caisey.bridge.ack-timeout=3s",
        "caisey.bridge.retry-base-delay=200ms",
        "caisey.bridge.retry-max-delay=2s",
    ];

    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _dir = new();
    private readonly List<MachineAgent> _agents = [];

    private EndToEndRig(ITestOutputHelper output, NodeProcessHost node, NodeApi api)
    {
        _output = output;
        Node = node;
        Api = api;
        SideEffects = new SideEffectLog(_dir.File("ran.log"));
    }

    public NodeProcessHost Node { get; }

    public NodeApi Api { get; }

    public SideEffectLog SideEffects { get; }

    public string NodeUrl => Node.BaseAddress.ToString().TrimEnd('/');

    public static async Task<EndToEndRig> StartAsync(ITestOutputHelper output, params string[] nodeSets)
    {
        Poll.Log = output.WriteLine;
        var node = await NodeProcessHost.StartAsync([.. FastBridge, .. nodeSets]);
        try
        {
            return new EndToEndRig(output, node, await NodeApi.LoginAsync(node));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Enrolls a new machine with the node (directly, or through <paramref name="serverUrl"/>); it is not started.</summary>
    public async Task<MachineAgent> EnrollAsync(string name = "agent", string? serverUrl = null)
    {
        var token = await Api.CreateEnrollmentTokenAsync();
        var agent = await MachineAgent.EnrollAsync(name, _dir.File(name), serverUrl ?? NodeUrl, token);
        _agents.Add(agent);
        return agent;
    }

    public async ValueTask DisposeAsync()
    {
        Poll.Log = null;
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
            _output.WriteLine($"==== agent {agent.Name} ({agent.EndpointId}), last {LogTailLines} lines ====\n{Tail(agent.Output)}");
        }
        Api.Dispose();
        await Node.DisposeAsync();
        _output.WriteLine($"==== node, last {LogTailLines} lines ====\n{Tail(Node.Output)}");
        _dir.Dispose();
        try
        {
            Directory.Delete(Node.DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - LogTailLines)));
    }
}
