namespace Caisey.Node.Bridge;

public sealed partial class LongPollBridge
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the long-poll bridge of {EndpointId} with status {CloseStatus}: {Reason}")]
    private static partial void LogBadFrame(ILogger logger, string endpointId, int closeStatus, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not send a {FrameType} frame to {EndpointId}: {Reason}")]
    private static partial void LogUnsendable(ILogger logger, string endpointId, string frameType, string reason);
}
