using System.Diagnostics;
using System.Globalization;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Bridge;

/// <summary>
/// <c>Caisey.Bench bridge-server --kind node|bare|exchange [--data-dir DIR] [--set k=v ...]</c>: the server side of <c>idle</c>
/// (node or bare WebSocket echo) and of <c>throughput</c>'s bare exchange (<see cref="BareExchangeServer"/>), in its own
/// process so that its memory and CPU time are its own. Prints <c>ready URL</c>; then on stdin <c>measure</c> prints
/// <c>mem GC_HEAP_BYTES WORKING_SET_BYTES</c> after a full blocking compacting GC, and <c>quit</c> stops it.
/// </summary>
internal static class BridgeServerCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var kind = options.Get("kind") ?? "node";
        var sets = new List<string>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--set")
                sets.Add(args[i + 1]);
        }
        IAsyncDisposable server;
        string url;
        if (kind == "exchange")
        {
            var exchange = await BareExchangeServer.StartAsync();
            (server, url) = (exchange, exchange.BaseAddress.ToString());
        }
        else if (kind == "bare")
        {
            var echo = await EchoServer.StartAsync();
            (server, url) = (echo, echo.WebSocketUri.ToString());
        }
        else
        {
            var node = await InProcessNode.StartAsync(options.Get("data-dir") ?? Directory.CreateTempSubdirectory("caisey-bench-idle-").FullName, sets);
            (server, url) = (node, node.BaseAddress.ToString());
        }
        System.Console.WriteLine("ready " + url);
        while (System.Console.ReadLine() is { } line && line != "quit")
        {
            if (line == "measure")
                System.Console.WriteLine(Measure());
        }
        await server.DisposeAsync();
        return 0;
    }

    private static string Measure()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture, $"mem {heap} {process.WorkingSet64}");
    }
}
