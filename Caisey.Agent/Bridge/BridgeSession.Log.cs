using Caisey.Protocol.Frames;
using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Bridge;

public sealed partial class BridgeSession
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge open over {Transport} (node {NodeId})")]
    private static partial void LogEstablished(ILogger logger, string transport, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge over {Transport} ended: {Kind} {Detail}")]
    private static partial void LogEnded(ILogger logger, string transport, BridgeSessionEndKind kind, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed frame from {Transport} ({Kind}): {Problem}")]
    private static partial void LogMalformed(ILogger logger, string transport, FrameErrorKind kind, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a {FrameType} frame: {Why}")]
    private static partial void LogIgnored(ILogger logger, string frameType, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped the {FrameType} frame {FrameId}: it cannot be encoded ({Problem})")]
    private static partial void LogUnsendable(ILogger logger, string frameType, string frameId, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run command {CommandId}")]
    private static partial void LogRunCommand(ILogger logger, string commandId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval requested by {RequestedBy}: {Reason}. Answer before {ExpiresAt} with `Caisey.Agent approve` or `Caisey.Agent deny`")]
    private static partial void LogApprovalRequested(ILogger logger, string requestedBy, string reason, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice for this machine's user: {Notice}")]
    private static partial void LogNotice(ILogger logger, string notice);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancel command {CommandId}: {WasRunning}")]
    private static partial void LogCancelCommand(ILogger logger, string commandId, bool wasRunning);
}
