using System.Net.WebSockets;

namespace Caisey.Protocol.Frames;

/// <summary>
/// A frame could not be decoded (or encoded). The message says what was wrong and, where known, the
/// frame type and JSON path; <see cref="CloseStatus"/> is how a bridge should close over it.
/// </summary>
public sealed class FrameException(FrameErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public FrameErrorKind Kind { get; } = kind;

    /// <summary>The WebSocket close status that fits this error.</summary>
    public WebSocketCloseStatus CloseStatus => Kind == FrameErrorKind.TooLarge
        ? BridgeCloseCodes.MessageTooBig
        : BridgeCloseCodes.InvalidFrame;
}
