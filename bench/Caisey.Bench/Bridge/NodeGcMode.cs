using System.Diagnostics;
using System.Runtime;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Bridge;

/// <summary>
/// The benches that host the node in this process (<c>rtt</c>, <c>throughput</c>, <c>agent-rtt</c>) run it with the GC
/// that <c>Caisey.Node</c> itself runs with: server GC (the Web SDK's default in its runtimeconfig). This app's own
/// runtimeconfig is workstation GC (the <c>idle</c> bench's child servers keep it), and the GC mode is fixed when a
/// process starts, so a run in the other mode starts the same command again as a child process with
/// <c>DOTNET_gcServer</c> set, sharing this console. <c>--gc workstation</c> measures the node under workstation GC.
/// </summary>
internal static class NodeGcMode
{
    /// <summary>Null when this process already runs the wanted GC; otherwise the child's exit code.</summary>
    public static async Task<int?> RunInWantedModeAsync(string[] args)
    {
        var wanted = new BenchArgs(args).Get("gc") ?? "server";
        if (wanted is not ("server" or "workstation"))
        {
            System.Console.Error.WriteLine($"--gc must be server or workstation, not '{wanted}'");
            return 2;
        }
        if ((wanted == "server") == GCSettings.IsServerGC)
            return null;
        var start = SelfCommand(args);
        start.Environment["DOTNET_gcServer"] = wanted == "server" ? "1" : "0";
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    /// <summary>This bench app again, as a child process running <paramref name="args"/>.</summary>
    public static ProcessStartInfo SelfCommand(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Under `dotnet Caisey.Bench.dll` the process is the dotnet host: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
            start.ArgumentList.Add(typeof(NodeGcMode).Assembly.Location);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>What the reports print: the GC this process runs with.</summary>
    public static string Describe() =>
        GCSettings.IsServerGC ? "server GC, as Caisey.Node runs" : "workstation GC (--gc workstation; Caisey.Node runs server GC)";
}
