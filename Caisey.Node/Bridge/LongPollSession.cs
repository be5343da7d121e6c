namespace Caisey.Node.Bridge;

/// <summary>A long-poll bridge session and its bookkeeping: frames from the agent are handled one exchange at a time.</summary>
internal sealed class LongPollSession(BridgeSession session, long createdAt)
{
    private long _lastExchange = createdAt;
    private long _longestWaitTicks;

    public BridgeSession Session { get; } = session;

    public SemaphoreSlim Inbound { get; } = new(1, 1);

    public long LastExchange => Interlocked.Read(ref _lastExchange);

    public TimeSpan LongestWait => TimeSpan.FromTicks(Interlocked.Read(ref _longestWaitTicks));

    public void Touch(long timestamp, TimeSpan wait)
    {
        Interlocked.Exchange(ref _lastExchange, timestamp);
        if (wait.Ticks > Interlocked.Read(ref _longestWaitTicks))
            Interlocked.Exchange(ref _longestWaitTicks, wait.Ticks);
    }
}
