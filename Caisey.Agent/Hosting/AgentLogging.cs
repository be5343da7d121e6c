using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Hosting;

/// <summary>The agent's logs: one line each, on stderr (stdout stays for command answers).</summary>
public static class AgentLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        }));
}
