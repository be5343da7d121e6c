namespace Caisey.Node.Bridge;

public sealed partial class BridgeFrameHandler
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge opened for {EndpointId} over {Transport} (agent {AgentVersion})")]
    private static partial void LogOpened(ILogger logger, string endpointId, string transport, string agentVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge closed for {EndpointId} over {Transport}: {CloseStatus} {Reason}")]
    private static partial void LogClosed(ILogger logger, string endpointId, string transport, int closeStatus, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bridge of {EndpointId} refused with close status {CloseStatus}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string endpointId, int closeStatus, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a {FrameType} frame from {EndpointId}")]
    private static partial void LogIgnored(ILogger logger, string endpointId, string frameType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {EndpointId} sent {Message} for a command it does not have; dropped: {Detail}")]
    private static partial void LogForeignCommand(ILogger logger, string endpointId, string message, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Endpoint {EndpointId} repeated {Message}; already recorded: {Detail}")]
    private static partial void LogRepeated(ILogger logger, string endpointId, string message, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {EndpointId} could not record {Message}; the frame is not acked and the agent will resend it")]
    private static partial void LogAskFailed(ILogger logger, string endpointId, string message, Exception error);
}
