using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// Hands one bridge's frames to the <see cref="BridgeFrameHandler"/> in order without always waiting for the one before.
/// A frame whose handling begins by asking the endpoint's entity (ack, accepted, started, finished, failed) is not
/// awaited: the entity's mailbox keeps the order, and the next frame's events can join the same commit instead of
/// waiting for the previous one's (each frame is still acked only once its own effect is durable, and after the frames
/// before it). Every other frame (hello, check-in, output, approval answers) waits until it is handled, as before; so
/// does a full window.
/// </summary>
internal sealed class FramePipeline(BridgeFrameHandler handler, BridgeSession session)
{
    /// <summary>The most frames handled concurrently on one bridge.</summary>
    internal const int Window = 32;

    private readonly Queue<Task> _pending = new();
    private Task? _last;

    public async ValueTask HandleAsync(Frame frame)
    {
        var handling = handler.HandleAsync(session, frame, _pending.Count > 0 ? _last : null);
        if (!IsOrderedByEntity(frame))
        {
            await handling.ConfigureAwait(false);
            return;
        }
        if (!handling.IsCompleted)
        {
            _pending.Enqueue(handling);
            _last = handling;
        }
        while (_pending.TryPeek(out var oldest) && (oldest.IsCompleted || _pending.Count > Window))
            await _pending.Dequeue().ConfigureAwait(false);
    }

    /// <summary>Waits until every frame handed over is handled; <paramref name="observeErrors"/> false swallows their failures.</summary>
    public async ValueTask DrainAsync(bool observeErrors = true)
    {
        while (_pending.TryDequeue(out var handling))
        {
            if (observeErrors)
                await handling.ConfigureAwait(false);
            else
                await handling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Frames whose handler asks the session's entity before it awaits anything else.</summary>
    private static bool IsOrderedByEntity(Frame frame) =>
        frame is Ack or CommandAccepted or CommandStarted or CommandFinished or CommandFailed;
}
