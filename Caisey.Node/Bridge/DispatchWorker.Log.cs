namespace Caisey.Node.Bridge;

internal sealed partial class DispatchWorker
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Dispatched {CommandId} to {EndpointId}, attempt {Attempt}, over {Transport}")]
    private static partial void LogDispatched(ILogger logger, string endpointId, string commandId, int attempt, string transport);

    [LoggerMessage(Level = LogLevel.Information, Message = "{EndpointId} did not acknowledge {CommandId} (attempt {Attempt}); retrying at {RetryAt}")]
    private static partial void LogRetrying(ILogger logger, string endpointId, string commandId, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EndpointId} did not acknowledge {CommandId} after {Attempt} attempts; closing its bridge")]
    private static partial void LogGaveUp(ILogger logger, string endpointId, string commandId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatch work {Work} for {EndpointId} failed")]
    private static partial void LogFailed(ILogger logger, string endpointId, string work, Exception error);
}
