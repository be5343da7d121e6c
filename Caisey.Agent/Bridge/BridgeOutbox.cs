using System.Threading.Channels;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

/// <summary>
/// Every request frame the agent sends, kept in order until the node acks it. A frame is sent once per
/// connection; a frame still unacked when the bridge drops is sent again — same id — on the next bridge,
/// so a result is delivered even when the connection died after the command ran. The node dedupes by
/// id (and by commandId).
/// </summary>
/// <remarks>Kept in memory: after an agent restart the node re-dispatches, and the journal answers.</remarks>
public sealed class BridgeOutbox
{
    private const int RecentAckCount = 32;
    private readonly Lock _lock = new();
    private readonly List<Entry> _pending = [];
    private readonly Queue<string> _recentlyAcked = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _connection;

    /// <summary>Frames waiting for their ack.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _pending.Count;
        }
    }

    /// <summary>Ids of the frames most recently acked, oldest first (sent in <c>hello.lastAckedIds</c>).</summary>
    public IReadOnlyList<string> RecentlyAcked
    {
        get
        {
            lock (_lock)
                return [.. _recentlyAcked];
        }
    }

    /// <summary>Adds a request frame; it goes out on the current bridge, or on the next one.</summary>
    public void Enqueue(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
            _pending.Add(new Entry(frame));
        _signal.Writer.TryWrite(true);
    }

    /// <summary>The node acked <paramref name="frameId"/>; false when it was not pending (a duplicate ack).</summary>
    public bool Acknowledge(string frameId)
    {
        lock (_lock)
        {
            var index = _pending.FindIndex(e => e.Frame.Id == frameId);
            if (index < 0)
                return false;
            _pending.RemoveAt(index);
            _recentlyAcked.Enqueue(frameId);
            while (_recentlyAcked.Count > RecentAckCount)
                _recentlyAcked.Dequeue();
            return true;
        }
    }

    /// <summary>Starts a new connection: every pending frame counts as unsent on it. Returns the connection's number.</summary>
    public int BeginConnection()
    {
        _signal.Writer.TryWrite(true);
        return Interlocked.Increment(ref _connection);
    }

    /// <summary>The pending frames not yet sent on <paramref name="connection"/>, in order; marks them sent on it.</summary>
    public IReadOnlyList<Frame> TakeUnsent(int connection)
    {
        lock (_lock)
        {
            var unsent = _pending.Where(e => e.SentOn != connection).ToList();
            foreach (var entry in unsent)
                entry.SentOn = connection;
            return [.. unsent.Select(e => e.Frame)];
        }
    }

    /// <summary>Completes when frames may have been added since the last call.</summary>
    public async ValueTask WaitForFramesAsync(CancellationToken cancellationToken)
    {
        await _signal.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        _signal.Reader.TryRead(out _);
    }

    private sealed class Entry(Frame frame)
    {
        public Frame Frame { get; } = frame;

        public int SentOn { get; set; }
    }
}
