using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Caisey.Node.Endpoints;

/// <summary>
/// An endpoint's commands by id, kept in two parts: the open ones (a few; copied on every change of one of them) and the
/// finished ones the state keeps (up to <see cref="EndpointBehavior.DefaultRetainedFinishedCommands"/>; copied only when
/// a command finishes or retires). Never mutated: a change returns a new table that shares the part it did not touch.
/// </summary>
/// <remarks>
/// One hash table of both was copied whole on every event — six times a no-op command, with a hundred finished
/// commands in it — and every step's scans (due time, queue, open count) walked the finished ones too.
/// Enumeration gives the open commands, then the finished ones; callers that need an order sort by
/// <see cref="CommandRecord.Ordinal"/>.
/// </remarks>
public sealed class CommandTable : IReadOnlyDictionary<string, CommandRecord>
{
    public static readonly CommandTable Empty = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal), []);

    private readonly Dictionary<string, CommandRecord> _open;
    private readonly Dictionary<string, CommandRecord> _finished;

    // The finished commands by finish time, then ordinal, oldest first: the retirement order, kept beside the table so
    // that finding the oldest touches one small array instead of a hundred records scattered over the heap (a scan of
    // the records for the oldest was 1.7% of the node's CPU in `throughput`: cache misses, session 9).
    private readonly FinishedAt[] _order;

    private CommandTable(Dictionary<string, CommandRecord> open, Dictionary<string, CommandRecord> finished, FinishedAt[] order)
    {
        _open = open;
        _finished = finished;
        _order = order;
    }

    /// <summary>The table itself, or one built from any other map of commands (a state read from a snapshot).</summary>
    public static CommandTable From(IReadOnlyDictionary<string, CommandRecord> commands)
    {
        if (commands is CommandTable table)
            return table;
        var open = new Dictionary<string, CommandRecord>(StringComparer.Ordinal);
        var finished = new Dictionary<string, CommandRecord>(StringComparer.Ordinal);
        foreach (var (id, command) in commands)
            (command.IsTerminal ? finished : open).Add(id, command);
        var order = finished.Values.Select(FinishedAt.Of).ToArray();
        Array.Sort(order);
        return new CommandTable(open, finished, order);
    }

    /// <summary>Commands not finished yet (queued, dispatched, acknowledged, running).</summary>
    public IEnumerable<CommandRecord> Open => _open.Values;

    public int OpenCount => _open.Count;

    /// <summary>Finished commands the state keeps.</summary>
    public IEnumerable<CommandRecord> Finished => _finished.Values;

    public int FinishedCount => _finished.Count;

    /// <summary>The table with <paramref name="command"/> (not finished) added or replacing the one of its id.</summary>
    public CommandTable With(CommandRecord command)
    {
        if (command.IsTerminal)
            return Finish(command, 0, out _);
        var open = Copy(_open);
        open[command.Id] = command;
        return _finished.ContainsKey(command.Id)
            ? new CommandTable(open, Copy(_finished, command.Id), [.. _order.Where(o => o.Id != command.Id)])
            : new CommandTable(open, _finished, _order);
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
        var open = _open.ContainsKey(command.Id) ? Copy(_open, command.Id) : _open;
        return new CommandTable(open, finished, Insert(order.AsSpan(leaving), FinishedAt.Of(command)));
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
