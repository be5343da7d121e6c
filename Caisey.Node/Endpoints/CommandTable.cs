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
    public static readonly CommandTable Empty = new(new(StringComparer.Ordinal), new(StringComparer.Ordinal));

    private readonly Dictionary<string, CommandRecord> _open;
    private readonly Dictionary<string, CommandRecord> _finished;

    private CommandTable(Dictionary<string, CommandRecord> open, Dictionary<string, CommandRecord> finished)
    {
        _open = open;
        _finished = finished;
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
        return new CommandTable(open, finished);
    }

    /// <summary>Commands not finished yet (queued, dispatched, acknowledged, running).</summary>
    public IEnumerable<CommandRecord> Open => _open.Values;

    public int OpenCount => _open.Count;

    /// <summary>Finished commands the state keeps.</summary>
    public IEnumerable<CommandRecord> Finished => _finished.Values;

    public int FinishedCount => _finished.Count;

    /// <summary>The table with <paramref name="command"/> added or replacing the one of its id, in the part its status says.</summary>
    /// <param name="retire">Finished commands to leave the table in the same copy (a finishing command's retirements).</param>
    public CommandTable With(CommandRecord command, IReadOnlyCollection<string>? retire = null)
    {
        var (into, other) = command.IsTerminal ? (_finished, _open) : (_open, _finished);
        var changed = Copy(into, retire ?? []);
        changed[command.Id] = command;
        var rest = other.ContainsKey(command.Id) ? Copy(other, command.Id) : other;
        return command.IsTerminal ? new CommandTable(rest, changed) : new CommandTable(changed, rest);
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

    private static Dictionary<string, CommandRecord> Copy(Dictionary<string, CommandRecord> source, params IEnumerable<string> without)
    {
        var copy = CopyOnWrite.Copy(source);
        foreach (var id in without)
            copy.Remove(id);
        return copy;
    }
}
