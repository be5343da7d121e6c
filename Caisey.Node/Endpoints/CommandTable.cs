using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Caisey.Node.Endpoints;

/// <summary>
/// An endpoint's commands by id, kept in two parts: the open ones (a persistent map: a change makes a new version that
/// shares all but a few nodes with the old one) and the finished ones the state keeps (up to <see cref="EndpointBehavior.DefaultRetainedFinishedCommands"/>; copied only when
/// a command finishes or retires). Never mutated: a change returns a new table that shares the part it did not touch.
/// </summary>
/// <remarks>
/// One hash table of both was copied whole on every event — six times a no-op command, with a hundred finished
/// commands in it — and every step's scans (due time, queue, open count) walked the finished ones too. The open part was
/// copied whole on each change as well, so a submit to a machine with thousands of commands queued cost a copy of all of
/// them (564 µs and 833 KiB at 10,000 queued; <c>queue-depth</c> bench, session 13): it is now an
/// <see cref="ImmutableDictionary{TKey, TValue}"/>.
/// Enumeration gives the open commands, then the finished ones; callers that need an order sort by
/// <see cref="CommandRecord.Ordinal"/>.
/// </remarks>
public sealed class CommandTable : IReadOnlyDictionary<string, CommandRecord>
{
    public static readonly CommandTable Empty = new(
        ImmutableDictionary.Create<string, CommandRecord>(StringComparer.Ordinal), ImmutableSortedSet.Create<Due>(), new(StringComparer.Ordinal), []);

    private readonly ImmutableDictionary<string, CommandRecord> _open;

    // The queued commands that fall due at a time (expiry, or not-before while held), earliest first: the entity asks
    // for the earliest after every step, which was a scan of every open command.
    private readonly ImmutableSortedSet<Due> _due;
    private readonly Dictionary<string, CommandRecord> _finished;

    // The finished commands by finish time, then ordinal, oldest first: the retirement order, kept beside the table so
    // that finding the oldest touches one small array instead of a hundred records scattered over the heap (a scan of
    // the records for the oldest was 1.7% of the node's CPU in `throughput`: cache misses, session 9).
    private readonly FinishedAt[] _order;

    private CommandTable(ImmutableDictionary<string, CommandRecord> open, ImmutableSortedSet<Due> due, Dictionary<string, CommandRecord> finished, FinishedAt[] order)
    {
        _open = open;
        _due = due;
        _finished = finished;
        _order = order;
    }

    /// <summary>The table itself, or one built from any other map of commands (a state read from a snapshot).</summary>
    public static CommandTable From(IReadOnlyDictionary<string, CommandRecord> commands)
    {
        if (commands is CommandTable table)
            return table;
        var open = ImmutableDictionary.CreateBuilder<string, CommandRecord>(StringComparer.Ordinal);
        var finished = new Dictionary<string, CommandRecord>(StringComparer.Ordinal);
        foreach (var (id, command) in commands)
        {
            if (command.IsTerminal)
                finished.Add(id, command);
            else
                open.Add(id, command);
        }
        var order = finished.Values.Select(FinishedAt.Of).ToArray();
        Array.Sort(order);
        var due = ImmutableSortedSet.CreateRange(open.Values.Select(Due.Of).OfType<Due>());
        return new CommandTable(open.ToImmutable(), due, finished, order);
    }

    /// <summary>Commands not finished yet (queued, dispatched, acknowledged, running).</summary>
    public IEnumerable<CommandRecord> Open => _open.Values;

    public int OpenCount => _open.Count;

    /// <summary>The earliest time at which a queued command falls due: its expiry, or its not-before while it is held.</summary>
    public DateTimeOffset? EarliestDue => _due.Count == 0 ? null : new DateTimeOffset(_due.Min.UtcTicks, TimeSpan.Zero);

    /// <summary>Finished commands the state keeps.</summary>
    public IEnumerable<CommandRecord> Finished => _finished.Values;

    public int FinishedCount => _finished.Count;

    /// <summary>The table with <paramref name="command"/> (not finished) added or replacing the one of its id.</summary>
    public CommandTable With(CommandRecord command)
    {
        if (command.IsTerminal)
            return Finish(command, 0, out _);
        var open = _open.SetItem(command.Id, command);
        var due = WithoutDue(command.Id);
        if (Due.Of(command) is { } falls)
            due = due.Add(falls);
        return _finished.ContainsKey(command.Id)
            ? new CommandTable(open, due, Copy(_finished, command.Id), [.. _order.Where(o => o.Id != command.Id)])
            : new CommandTable(open, due, _finished, _order);
    }

    /// <summary>
    /// The table with <paramref name="command"/> (finished) in the finished part, and the <paramref name="retireOldest"/>
    /// finished commands that finished first (by finish time, then ordinal; not the command itself) gone — one copy.
    /// </summary>
    public CommandTable Finish(CommandRecord command, int retireOldest, out IReadOnlyList<CommandRecord> retired)
    {
        var order = _finished.ContainsKey(command.Id) ? _order.Where(o => o.Id != command.Id).ToArray() : _order;
        var leaving = Math.Clamp(retireOldest, 0, order.Length);
        var gone = new CommandRecord[leaving];
        for (var i = 0; i < leaving; i++)
            gone[i] = _finished[order[i].Id];
        retired = gone;
        var finished = Copy(_finished, gone.Select(c => c.Id));
        finished[command.Id] = command;
        var open = _open.Remove(command.Id);
        return new CommandTable(open, WithoutDue(command.Id), finished, Insert(order.AsSpan(leaving), FinishedAt.Of(command)));
    }

    public int Count => _open.Count + _finished.Count;

    public CommandRecord this[string key] =>
        TryGetValue(key, out var command) ? command : throw new KeyNotFoundException($"No command '{key}'.");

    public IEnumerable<string> Keys => _open.Keys.Concat(_finished.Keys);

    public IEnumerable<CommandRecord> Values => _open.Values.Concat(_finished.Values);

    public bool ContainsKey(string key) => _open.ContainsKey(key) || _finished.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out CommandRecord value) =>
        _open.TryGetValue(key, out value) || _finished.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, CommandRecord>> GetEnumerator() => _open.Concat(_finished).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A new order: <paramref name="kept"/> with <paramref name="entry"/> at its place (most often the end).</summary>
    private static FinishedAt[] Insert(ReadOnlySpan<FinishedAt> kept, FinishedAt entry)
    {
        var at = kept.Length;
        while (at > 0 && kept[at - 1].CompareTo(entry) > 0)
            at--;
        var order = new FinishedAt[kept.Length + 1];
        kept[..at].CopyTo(order);
        order[at] = entry;
        kept[at..].CopyTo(order.AsSpan(at + 1));
        return order;
    }

    private ImmutableSortedSet<Due> WithoutDue(string id) =>
        _open.TryGetValue(id, out var old) && Due.Of(old) is { } was ? _due.Remove(was) : _due;

    /// <summary>When a queued command falls due (the earlier of its expiry and, while held, its not-before).</summary>
    private readonly record struct Due(long UtcTicks, long Ordinal, string Id) : IComparable<Due>
    {
        public static Due? Of(CommandRecord command)
        {
            if (command.Status != CommandStatus.Queued)
                return null;
            var at = command.ExpiresAt;
            if (!command.Released && command.NotBefore is { } notBefore && (at is null || notBefore < at))
                at = notBefore;
            return at is { } due ? new Due(due.UtcTicks, command.Ordinal, command.Id) : null;
        }

        public int CompareTo(Due other)
        {
            var byTime = UtcTicks.CompareTo(other.UtcTicks);
            if (byTime != 0)
                return byTime;
            var byOrdinal = Ordinal.CompareTo(other.Ordinal);
            return byOrdinal != 0 ? byOrdinal : string.CompareOrdinal(Id, other.Id);
        }
    }

    /// <summary>A finished command's place in the retirement order.</summary>
    private readonly record struct FinishedAt(long UtcTicks, long Ordinal, string Id) : IComparable<FinishedAt>
    {
        public static FinishedAt Of(CommandRecord command) => new(command.Timeline[^1].At.UtcTicks, command.Ordinal, command.Id);

        public int CompareTo(FinishedAt other)
        {
            var byTime = UtcTicks.CompareTo(other.UtcTicks);
            return byTime != 0 ? byTime : Ordinal.CompareTo(other.Ordinal);
        }
    }

    private static Dictionary<string, CommandRecord> Copy(Dictionary<string, CommandRecord> source, params IEnumerable<string> without)
    {
        var copy = CopyOnWrite.Copy(source);
        foreach (var id in without)
            copy.Remove(id);
        return copy;
    }
}
