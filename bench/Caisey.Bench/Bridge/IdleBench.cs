using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Bridge;

/// <summary>
/// <c>Caisey.Bench idle</c>: memory per idle connected agent. The server runs in a child process (<see cref="BridgeServerCommand"/>),
/// measured after a full compacting GC before and after N connections; the clients live in this process and leave from
/// 127.0.0.2, 127.0.0.3, ... Baseline in the same run: a bare Kestrel WebSocket server holding N idle connections.
/// For the node, N agents are enrolled first (measured separately), then open bridges (hello → welcome) and answer pings.
/// The node's data directory is on /dev/shm when present: this measures memory, not the disk, and enrolling on the
/// shared disk runs at ~100/s.
/// </summary>
internal static class IdleBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var n = options.GetInt("agents", 10_000);
        var settle = options.GetInt("settle", 12);
        var sources = options.GetInt("sources", Math.Max(1, (n + 19_999) / 20_000));
        using var connector = new SourceAddressConnector(sources);
        var bare = await BareAsync(n, connector);
        System.Console.Error.WriteLine($"bare: {bare}");
        var node = await NodeAsync(n, settle, connector);
        System.Console.Error.WriteLine($"node: {node}");
        await ResultsFile.WriteAsync($"bridge-idle-{n / 1000}k", Format(n, settle, sources, bare, node));
        return 0;
    }

    internal sealed record Figures(long Heap0, long Ws0, long HeapEnrolled, long WsEnrolled, long Heap1, long Ws1, double ConnectSeconds, long Pongs, int Errors);

    private static async Task<Figures> BareAsync(int n, SourceAddressConnector connector)
    {
        await using var server = await ServerProcess.StartAsync(["--kind", "bare"]);
        var (heap0, ws0) = await server.MeasureAsync();
        var clients = Enumerable.Range(0, n).Select(_ => new IdleClient()).ToArray();
        var sw = Stopwatch.StartNew();
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (i, ct) => await clients[i].ConnectAsync(new Uri(server.Url), connector.For(i), ct));
        var connect = sw.Elapsed.TotalSeconds;
        await Task.Delay(2000);
        var (heap1, ws1) = await server.MeasureAsync();
        foreach (var client in clients)
            await client.DisposeAsync();
        return new Figures(heap0, ws0, heap0, ws0, heap1, ws1, connect, 0, 0);
    }

    private static async Task<Figures> NodeAsync(int n, int settle, SourceAddressConnector connector)
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var dataDir = Path.Combine(root, "caisey-bench-idle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            await using var server = await ServerProcess.StartAsync(["--kind", "node", "--data-dir", dataDir]);
            using var client = await NodeClient.LoginAsync(new Uri(server.Url), InProcessNode.AdminPassword);
            var (heap0, ws0) = await server.MeasureAsync();
            var sw = Stopwatch.StartNew();
            var enrolled = await client.EnrollAsync(n, parallel: 64);
            System.Console.Error.WriteLine($"enrolled {n} in {sw.Elapsed.TotalSeconds:0.0} s");
            var (heapE, wsE) = await server.MeasureAsync();
            var agents = enrolled.Select(e => new SimAgent(e.EndpointId, e.Credential)).ToArray();
            sw.Restart();
            await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (i, ct) => await agents[i].ConnectAsync(client.BridgeUri, connector.For(i), ct));
            var connect = sw.Elapsed.TotalSeconds;
            System.Console.Error.WriteLine($"connected {n} bridges in {connect:0.0} s; settling {settle} s (pings every 5 s)");
            await Task.Delay(TimeSpan.FromSeconds(settle));
            var (heap1, ws1) = await server.MeasureAsync();
            var figures = new Figures(heap0, ws0, heapE, wsE, heap1, ws1, connect, agents.Sum(a => a.Pongs), agents.Count(a => a.Error is not null));
            await Parallel.ForEachAsync(agents, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (a, _) => await a.DisposeAsync());
            return figures;
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static string Format(int n, int settle, int sources, Figures bare, Figures node)
    {
        string K(double bytes) => (bytes / 1024).ToString("N1", CultureInfo.InvariantCulture) + " KiB";
        string M(long bytes) => (bytes / 1024.0 / 1024).ToString("N0", CultureInfo.InvariantCulture) + " MiB";
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var bareHeap = (bare.Heap1 - bare.Heap0) / (double)n;
        var bareWs = (bare.Ws1 - bare.Ws0) / (double)n;
        var nodeHeap = (node.Heap1 - node.HeapEnrolled) / (double)n;
        var nodeWs = (node.Ws1 - node.WsEnrolled) / (double)n;
        var nodeHeapAll = (node.Heap1 - node.Heap0) / (double)n;
        var nodeWsAll = (node.Ws1 - node.Ws0) / (double)n;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Idle connected agents — N = {n:N0} connections, {sources} source address(es), measured {settle} s after the last connect");
        sb.AppendLine();
        sb.AppendLine("| server (own process) | GC heap / connection | working set / connection | GC heap, working set before → after | connect time |");
        sb.AppendLine("|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) bare Kestrel WebSocket server (4 KiB receive buffer each) | {K(bareHeap)} | {K(bareWs)} | {M(bare.Heap0)}, {M(bare.Ws0)} → {M(bare.Heap1)}, {M(bare.Ws1)} | {bare.ConnectSeconds:0.0} s |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **node: open bridges** (after enrollment → after connect) | **{K(nodeHeap)}** | **{K(nodeWs)}** | {M(node.HeapEnrolled)}, {M(node.WsEnrolled)} → {M(node.Heap1)}, {M(node.Ws1)} | {node.ConnectSeconds:0.0} s |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| node: enrolled + open bridges (empty node → after connect) | {K(nodeHeapAll)} | {K(nodeWsAll)} | {M(node.Heap0)}, {M(node.Ws0)} → {M(node.Heap1)}, {M(node.Ws1)} | |");
        sb.AppendLine();
        sb.AppendLine("| goal | measured | met |");
        sb.AppendLine("|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| memory per connection ≤ 1.5 × bare (working set) | {R(nodeWs / bareWs)}× | {(nodeWs <= 1.5 * bareWs ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| memory per connection ≤ 1.5 × bare (GC heap) | {R(nodeHeap / bareHeap)}× | {(nodeHeap <= 1.5 * bareHeap ? "yes" : "no")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| 100,000 connections per node | {n:N0} reached | {(n >= 100_000 ? "yes" : "not measured")} |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Agents answered {node.Pongs:N0} pings; {node.Errors} reported an error. Both servers are `Caisey.Bench bridge-server` child processes (workstation GC); figures after two forced, blocking, compacting full GCs.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- idle --agents {n} --settle {settle}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; open files limit {OpenFilesLimit()}.");
        return sb.ToString();
    }

    private static string OpenFilesLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line is null ? "?" : string.Join(" / ", line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3..5]) + " (soft / hard)";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
