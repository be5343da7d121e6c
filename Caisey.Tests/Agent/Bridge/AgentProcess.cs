using System.Diagnostics;
using System.Text;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>The real agent binary (<c>dotnet Caisey.Agent.dll ...</c>) from the test's output directory.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process) => _process = process;

    public static AgentProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestBinaries.Agent);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var agent = new AgentProcess(new Process { StartInfo = start });
        agent._process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        agent._process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        agent._process.Start();
        agent._process.BeginOutputReadLine();
        agent._process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Runs a command line to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var agent = Start(args);
        var exitCode = await agent.WaitForExitAsync($"'caisey-agent {string.Join(' ', args)}' to exit");
        return (exitCode, agent.Output);
    }

    /// <summary>The agent's process id (the dotnet host runs the agent in its own process).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL to the agent and the scripts it runs: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public async Task<int> WaitForExitAsync(string expectation)
    {
        await _process.WaitForExitAsync().Within(expectation, TimeSpan.FromSeconds(60));
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
