namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Resolves substitutions and concatenations against the whole root. A field is resolved on demand
/// and remembered; a field being resolved that is looked up again is a cycle, except that a
/// definition may refer to its own key's earlier value (a <see cref="Frame"/> of a merge stack).
/// </summary>
internal sealed partial class HoconResolver
{
    private readonly HoconObject _root;
    private readonly HoconResolveOptions _options;
    private readonly Dictionary<HoconPath, HoconValue?> _memo = [];
    private readonly List<HoconPath> _inProgress = [];
    private readonly List<Frame> _frames = [];
    private readonly Stack<HoconSubstitution> _substitutions = new();

    private HoconResolver(HoconObject root, HoconResolveOptions options)
    {
        _root = root;
        _options = options;
    }

    public static HoconObject Resolve(HoconObject root, HoconResolveOptions options) =>
        new HoconResolver(root, options).ResolveObject(root, HoconPath.Empty);

    /// <summary>Resolves the value stored at <paramref name="at"/>; null means undefined (an optional substitution that found nothing).</summary>
    private HoconValue? ResolveField(HoconPath at, HoconValue raw)
    {
        if (raw.IsResolved)
        {
            return raw;
        }

        var memoize = _frames.Count == 0;
        if (memoize && _memo.TryGetValue(at, out var known))
        {
            return known;
        }

        if (_inProgress.Contains(at))
        {
            throw Cycle(at);
        }

        _inProgress.Add(at);
        try
        {
            var result = ResolveValue(raw, at);
            if (memoize)
            {
                _memo[at] = result;
            }

            return result;
        }
        finally
        {
            _inProgress.RemoveAt(_inProgress.Count - 1);
        }
    }

    private HoconValue? ResolveValue(HoconValue raw, HoconPath at) => raw switch
    {
        _ when raw.IsResolved => raw,
        HoconObject obj => ResolveObject(obj, at),
        HoconArray array => ResolveArray(array, at),
        HoconSubstitution substitution => ResolveSubstitution(substitution),
        HoconConcatenation concatenation => ResolveConcatenation(concatenation, at),
        HoconMergeStack stack => ResolveStack(stack, at),
        _ => throw new InvalidOperationException($"unknown HOCON value {raw.GetType().Name}"),
    };

    private HoconObject ResolveObject(HoconObject raw, HoconPath at)
    {
        if (raw.IsResolved)
        {
            return raw;
        }

        var fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, value) in raw.Fields)
        {
            if (ResolveField(at.Append(key), value) is { } resolved)
            {
                fields[key] = resolved;
            }
        }

        return new HoconObject(fields);
    }

    private HoconArray ResolveArray(HoconArray raw, HoconPath at)
    {
        var items = new List<HoconValue>(raw.Items.Count);
        for (var i = 0; i < raw.Items.Count; i++)
        {
            // Elements get a path no key can spell, so objects inside them are remembered separately.
            if (ResolveValue(raw.Items[i], at.Append($"\0[{i}]")) is { } resolved)
            {
                items.Add(resolved);
            }
        }

        return new HoconArray(items);
    }

    /// <summary>Each definition of a key sees the merged result of those before it as its own key's value.</summary>
    private HoconValue? ResolveStack(HoconMergeStack stack, HoconPath at)
    {
        HoconValue? current = null;
        foreach (var value in stack.Values)
        {
            HoconValue? resolved;
            _frames.Add(new Frame(at, current, value as HoconObject));
            try
            {
                resolved = ResolveValue(value, at);
            }
            finally
            {
                _frames.RemoveAt(_frames.Count - 1);
            }

            if (resolved is not null)
            {
                current = current is HoconObject below && resolved is HoconObject above
                    ? HoconMerge.MergeObjects(below, above)
                    : resolved;
            }
        }

        return current;
    }

    private HoconException Cycle(HoconPath at)
    {
        var start = _inProgress.IndexOf(at);
        var chain = string.Join(" -> ", _inProgress.Skip(start).Append(at));
        var message = $"substitution cycle: {chain}";
        return _substitutions.TryPeek(out var substitution)
            ? new HoconException(substitution.Position, $"{message} (through {substitution})")
            : new HoconException(message);
    }

    private sealed record Frame(HoconPath Path, HoconValue? Below, HoconObject? Overlay);
}
