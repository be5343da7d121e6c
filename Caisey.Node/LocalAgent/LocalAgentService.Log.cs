namespace Caisey.Node.LocalAgent;

public sealed partial class LocalAgentService
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The local agent is enabled but not built at {Path}; run `dotnet build` or set caisey.node.local-agent.enabled = false")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrolled the local agent (data in {DataDir})")]
    private static partial void LogEnrolled(ILogger logger, string dataDir);

    [LoggerMessage(Level = LogLevel.Error, Message = "Enrolling the local agent failed with exit code {ExitCode}: {Output}")]
    private static partial void LogEnrollFailed(ILogger logger, int exitCode, string output);

    [LoggerMessage(Level = LogLevel.Information, Message = "Local agent started (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local agent exited with code {ExitCode}; restarting in {DelaySeconds} s")]
    private static partial void LogExited(ILogger logger, int exitCode, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "local agent: {Line}")]
    private static partial void LogAgentLine(ILogger logger, string line);
}
