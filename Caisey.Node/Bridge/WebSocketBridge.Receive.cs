using System.Buffers;
using System.Net.WebSockets;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

public sealed partial class WebSocketBridge
{
    private const int ReadChunkBytes = 16 * 1024;

    /// <summary>
    /// Reads whole messages (never more than the frame limit) and hands each decoded frame to the handler, in order
    /// (through a <see cref="FramePipeline"/>).
    /// An idle bridge holds no receive buffer: a zero-byte read waits for the next message, and only then is a buffer
    /// rented from the shared pool; it goes back once the message is decoded.
    /// </summary>
    private async Task ReceiveLoopAsync(WebSocket socket, BridgeSession session, CancellationToken aborted)
    {
        var pipeline = new FramePipeline(handler, session);
        try
        {
            // Once the session is closing, messages are still read (and dropped) until the agent's close arrives: a
            // socket closed with unread bytes in it is reset, and a reset can cost the agent our close frame (4001…).
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var first = await socket.ReceiveAsync(Memory<byte>.Empty, aborted).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close)
                    return;
                if (first.MessageType == WebSocketMessageType.Binary)
                {
                    await RefuseAsync(socket, session, BridgeCloseCodes.ProtocolError, "Frames are JSON text messages, not binary.", aborted).ConfigureAwait(false);
                    return;
                }
                var message = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
                Frame? frame;
                try
                {
                    var length = 0;
                    // The rest of the message, in chunks, into a larger pooled buffer when it fills up; stop once it
                    // passes the frame limit. The old buffer goes back only after the new one is the one held.
                    for (var done = first.EndOfMessage; !done;)
                    {
                        if (message.Length - length < ReadChunkBytes)
                        {
                            var smaller = message;
                            message = ArrayPool<byte>.Shared.Rent(smaller.Length * 2);
                            smaller.AsSpan(0, length).CopyTo(message);
                            ArrayPool<byte>.Shared.Return(smaller);
                        }
                        var result = await socket.ReceiveAsync(message.AsMemory(length, ReadChunkBytes), aborted).ConfigureAwait(false);
                        if (result.MessageType == WebSocketMessageType.Close)
                            return;
                        length += result.Count;
                        done = result.EndOfMessage || length > options.MaxFrameBytes;
                    }
                    if (session.IsClosing)
                        continue;
                    if (length > options.MaxFrameBytes)
                    {
                        await RefuseAsync(socket, session, BridgeCloseCodes.MessageTooBig, $"A frame is larger than {options.MaxFrameBytes} bytes.", aborted).ConfigureAwait(false);
                        return;
                    }
                    if (!_codec.TryDecode(message.AsSpan(0, length), out frame, out var error))
                    {
                        await RefuseAsync(socket, session, error.CloseStatus, error.Message, aborted).ConfigureAwait(false);
                        return;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(message);
                }
                await pipeline.HandleAsync(frame).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The agent went away without a close handshake.
        }
        finally
        {
            // Frames already read are still made durable (their acks may no longer reach the agent; it resends).
            await pipeline.DrainAsync(observeErrors: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Closes the session for a bad frame, then reads and drops whatever the agent still sends (the rest of an oversized
    /// message, say) until its close arrives or the connection ends. A connection closed with unread bytes in it is reset,
    /// and the reset can reach the agent before our close frame, which would lose the close code. Bounded: the session is
    /// closing, so <see cref="AbortAfterCloseAsync"/> aborts the socket after its grace, whatever the agent keeps sending.
    /// </summary>
    private async Task RefuseAsync(WebSocket socket, BridgeSession session, WebSocketCloseStatus status, string reason, CancellationToken aborted)
    {
        LogBadFrame(logger, session.EndpointId, (int)status, reason);
        session.Close(status, reason);
        var sink = ArrayPool<byte>.Shared.Rent(ReadChunkBytes);
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(sink.AsMemory(), aborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                    return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(sink);
        }
    }
}
