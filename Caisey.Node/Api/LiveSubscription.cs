using System.Threading.Channels;
using Caisey.Node.Auth;

namespace Caisey.Node.Api;

/// <summary>One subscriber's bounded buffer of live events: when full the oldest is dropped, so a slow reader never blocks an entity.</summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Channel<LiveEvent> _events;
    private readonly Action<LiveSubscription> _unsubscribe;
    private long _dropped;

    public LiveSubscription(CaiseyUser user, int capacity, Action<LiveSubscription> unsubscribe)
    {
        User = user;
        _unsubscribe = unsubscribe;
        _events = Channel.CreateBounded<LiveEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ => Interlocked.Increment(ref _dropped));
    }

    public CaiseyUser User { get; }

    public ChannelReader<LiveEvent> Reader => _events.Reader;

    /// <summary>Takes the count of events dropped since the last call.</summary>
    public long TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    /// <summary>Never blocks; drops the oldest buffered event when full.</summary>
    public void Offer(LiveEvent live)
    {
        if (User.Sees(live.ClientGroupId))
            _events.Writer.TryWrite(live);
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _events.Writer.TryComplete();
    }
}
