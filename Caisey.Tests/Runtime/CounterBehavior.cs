using Caisey.Node.Runtime;

namespace Caisey.Tests.Runtime;

/// <summary>A tiny behaviour for runtime tests: a running total, a poison message, and one timer.</summary>
public sealed class CounterBehavior : IEntityBehavior<CounterBehavior.State, CounterBehavior.IMessage>
{
    public interface IMessage;

    public sealed record Add(long Amount) : IMessage;

    public sealed record Get : IMessage;

    /// <summary>Like <see cref="Add"/>, but the decision carries the folded state (<see cref="Decision.State"/>).</summary>
    public sealed record AddFolded(long Amount) : IMessage;

    /// <summary>Decide throws on it.</summary>
    public sealed record Explode : IMessage;

    public sealed record SetTimer(DateTimeOffset At) : IMessage;

    public sealed record WakeUp(DateTimeOffset At) : IMessage;

    public sealed record Added(long Amount);

    public sealed record TimerSet(DateTimeOffset At);

    public sealed record Woken(DateTimeOffset At);

    /// <summary>Effect of <see cref="Add"/>.</summary>
    public sealed record TotalChanged(long Total);

    /// <summary>Effect of a due wake-up.</summary>
    public sealed record WokeUp(DateTimeOffset At);

    public sealed record State(string Id, long Total, int Events, DateTimeOffset? DueAt, int Wakes);

    private int _applies;

    /// <summary>How many times anything called <see cref="Apply"/>.</summary>
    public int Applies => Volatile.Read(ref _applies);

    public State Initial(string entityId) => new(entityId, 0, 0, null, 0);

    public Decision Decide(State state, IMessage message, DateTimeOffset now) => message switch
    {
        Add m => new Decision([new Added(m.Amount)], [new TotalChanged(state.Total + m.Amount)], state.Total + m.Amount),
        Get => Decision.ReplyOnly(state),
        AddFolded m => new Decision([new Added(m.Amount)], [], state.Total + m.Amount)
        {
            State = state with { Total = state.Total + m.Amount, Events = state.Events + 1 },
        },
        Explode => throw new InvalidOperationException("Explode is a poison message."),
        SetTimer m => new Decision([new TimerSet(m.At)], [], m.At),
        WakeUp when state.DueAt <= now => new Decision([new Woken(now)], [new WokeUp(now)], null),
        WakeUp => Decision.ReplyOnly(null),
        _ => throw new ArgumentException("unknown message"),
    };

    public State Apply(State state, object @event)
    {
        Interlocked.Increment(ref _applies);
        return Fold(state, @event);
    }

    private static State Fold(State state, object @event) => @event switch
    {
        Added e => state with { Total = state.Total + e.Amount, Events = state.Events + 1 },
        TimerSet e => state with { DueAt = e.At, Events = state.Events + 1 },
        Woken => state with { DueAt = null, Wakes = state.Wakes + 1, Events = state.Events + 1 },
        _ => throw new ArgumentException("unknown event"),
    };

    public DateTimeOffset? NextDueAt(State state) => state.DueAt;

    public IMessage Wake(DateTimeOffset now) => new WakeUp(now);
}
