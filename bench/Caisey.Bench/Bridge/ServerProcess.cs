using System.Diagnostics;
using System.Globalization;

namespace Caisey.Bench.Bridge;

/// <summary>The parent's handle on a <see cref="BridgeServerCommand"/> child process (started, measured and stopped by us).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The child's CPU time so far (user + system).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ServerProcess> StartAsync(IEnumerable<string> args)
    {
        var info = NodeGcMode.SelfCommand(["bridge-server", .. args]);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        var process = Process.Start(info)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
                return new ServerProcess(process, line[6..]);
        }
        throw new InvalidOperationException("the server process ended before it was ready");
    }

    /// <summary>(GC heap bytes, working set bytes) of the child after a full GC.</summary>
    public async Task<(long Heap, long WorkingSet)> MeasureAsync()
    {
        await _process.StandardInput.WriteLineAsync("measure");
        await _process.StandardInput.FlushAsync();
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("mem ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }
        throw new InvalidOperationException("the server process ended");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("quit");
            await _process.StandardInput.FlushAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
