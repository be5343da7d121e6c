using System.Diagnostics;

namespace Caisey.Tests.Hosting;

/// <summary>Runs <c>Caisey.Node.dll</c> from the test output folder as a real process and captures its output.</summary>
public static class NodeProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Task<Result> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <param name="environment">Variables set (or, with a null value, removed) for the process.</param>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("caisey-cli-").FullName,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(TestBinaries.Node);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'Caisey.Node {string.Join(' ', args)}' did not exit within 60 s.");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
