using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Caisey.Testing;

namespace Caisey.Bench.Cluster;

/// <summary>
/// One cluster node as a real process (<c>dotnet exec Caisey.Node.dll serve</c>) on 127.0.0.1 with its own port and data
/// directory, as <c>Caisey.Tests/Support/NodeProcessHost</c> starts it; killed with SIGKILL, started again on the same port.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    public const string AdminPassword = "bench-admin-password";
    private const int TailLines = 60;

    private readonly string[] _sets;
    private readonly Queue<string> _tail = new();
    private Process? _process;

    private NodeProcess(string nodeId, string[] sets)
    {
        NodeId = nodeId;
        _sets = sets;
        DataDir = Directory.CreateTempSubdirectory("caisey-bench-node-").FullName;
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
    }

    public string NodeId { get; }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>CPU time of the running process (zero when not running).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            try
            {
                return _process is { HasExited: false } p ? p.TotalProcessorTime : TimeSpan.Zero;
            }
            catch (InvalidOperationException)
            {
                return TimeSpan.Zero;
            }
        }
    }

    /// <summary>The last lines the node wrote (warnings and errors: it logs at Warning).</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
                return string.Join('\n', _tail);
        }
    }

    public static async Task<NodeProcess> StartAsync(string nodeId, IEnumerable<string> sets)
    {
        var node = new NodeProcess(nodeId, [.. sets]);
        await node.StartAgainAsync();
        return node;
    }

    /// <summary>The node's build output next to this benchmark's (same configuration and target framework).</summary>
    public static string NodeDll()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        for (var dir = tfm; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Caisey.sln")))
            {
                var path = Path.Combine(dir.FullName, "Caisey.Node", "bin", tfm.Parent!.Name, tfm.Name, "Caisey.Node.dll");
                return File.Exists(path) ? path : throw new FileNotFoundException($"Caisey.Node is not built at {path}: dotnet build Caisey.sln -c {tfm.Parent.Name}", path);
            }
        }
        throw new DirectoryNotFoundException("Caisey.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Starts the process (again) on the same data directory and port; completes when <c>/readyz</c> answers 200.</summary>
    public async Task StartAgainAsync()
    {
        _process = NodeProcessLauncher.Start(NodeDll(), BaseAddress, DataDir, AdminPassword,
            ["caisey.logging.level=Warning", $"caisey.node.node-id={NodeId}", .. _sets], Append);
        await NodeProcessLauncher.WaitReadyAsync(_process, BaseAddress, TimeSpan.FromSeconds(60), () => Tail);
    }

    /// <summary>SIGKILL (no shutdown code runs); completes when the process is gone.</summary>
    public Task KillAsync() => NodeProcessLauncher.KillAsync(_process);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string line)
    {
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
                _tail.Dequeue();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
