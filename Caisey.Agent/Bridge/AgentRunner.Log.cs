using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Bridge;

public sealed partial class AgentRunner
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open the bridge over {Transport} (failure {Failures} in a row): {Problem}; next try in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, string transport, int failures, string problem, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving from {From} to the next transport, {To}")]
    private static partial void LogRotated(ILogger logger, string from, string to);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Giving up after {Failures} failures in a row: {Problem}")]
    private static partial void LogGivingUp(ILogger logger, int failures, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "The doorbell rang: opening the bridge")]
    private static partial void LogRang(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The doorbell failed ({Failures} in a row): {Problem}")]
    private static partial void LogDoorbellFailed(ILogger logger, int failures, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The doorbell failed {Failures} times in a row; opening the bridge every {Interval} (jittered) instead")]
    private static partial void LogPolling(ILogger logger, int failures, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending the machine user's answer to approval request {RequestId}: granted = {Granted}")]
    private static partial void LogConsentAnswered(ILogger logger, string requestId, bool granted);

    [LoggerMessage(Level = LogLevel.Information, Message = "{From} does not own this endpoint; connecting to its owner {To}")]
    private static partial void LogRedirected(ILogger logger, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The doorbell's node cannot be reached ({Problem}); opening the bridge through the transport rotation")]
    private static partial void LogDoorbellUnreachable(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Node}: this endpoint's shard is moving between nodes; retrying in about {Delay}")]
    private static partial void LogMoving(ILogger logger, string node, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The owner {Owner} we were sent to did not answer ({Problem}); asking the rotation again")]
    private static partial void LogRedirectFailed(ILogger logger, string owner, string problem);
}
