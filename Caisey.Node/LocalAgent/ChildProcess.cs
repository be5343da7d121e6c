using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Caisey.Node.LocalAgent;

/// <summary>Starts <c>dotnet exec</c> programs shipped beside the node and stops them gracefully (SIGTERM, then SIGKILL).</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo DotnetExec(string dll, IEnumerable<string> args)
    {
        // Under `dotnet Caisey.Node.dll` the process is the dotnet host; under the apphost, find dotnet on PATH.
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return start;
    }

    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
            return;
        if (!OperatingSystem.IsWindows())
            _ = Kill(process.Id, 15);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

#pragma warning disable SYSLIB1054 // DllImport: LibraryImport would need unsafe code for one call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
