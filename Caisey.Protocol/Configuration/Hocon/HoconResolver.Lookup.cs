namespace Caisey.Protocol.Configuration.Hocon;

internal sealed partial class HoconResolver
{
    private HoconValue? ResolveSubstitution(HoconSubstitution substitution)
    {
        _substitutions.Push(substitution);
        try
        {
            HoconValue? value = null;
            if (substitution.Prefix.Length > 0)
            {
                value = Lookup(substitution.Prefix.Concat(substitution.Path));
            }

            value ??= Lookup(substitution.Path);
            var variable = substitution.Path.Join();
            if (value is null && _options.UseEnvironmentVariables && _options.GetEnvironmentVariable(variable) is { } text)
            {
                value = new HoconString(text);
            }

            if (value is null && !substitution.Optional)
            {
                var environment = _options.UseEnvironmentVariables ? $" and no environment variable {variable}" : "";
                throw new HoconException(
                    substitution.Position,
                    $"could not resolve substitution {substitution}: no setting at '{substitution.Path}'{environment} (use ${{?...}} if it may be missing)");
            }

            return value;
        }
        finally
        {
            _substitutions.Pop();
        }
    }

    /// <summary>The resolved value at an absolute path, or null when nothing is there.</summary>
    private HoconValue? Lookup(HoconPath path)
    {
        for (var i = _frames.Count - 1; i >= 0; i--)
        {
            if (path.StartsWith(_frames[i].Path))
            {
                return LookupInFrame(_frames[i], path.Skip(_frames[i].Path.Length));
            }
        }

        // A key whose only definition refers to itself has no earlier value.
        if (_inProgress.Count > 0 && _inProgress[^1].Equals(path))
        {
            return null;
        }

        HoconValue current = _root;
        for (var i = 0; i < path.Length; i++)
        {
            if (current is not HoconObject obj || !obj.Fields.TryGetValue(path[i], out var child))
            {
                return null;
            }

            if (i < path.Length - 1 && child is HoconObject)
            {
                current = child;
                continue;
            }

            var resolved = ResolveField(path.Take(i + 1), child);
            if (resolved is null)
            {
                return null;
            }

            current = resolved;
        }

        return current;
    }

    /// <summary>
    /// Inside a key's own definition: the key itself is its earlier value; a field of it comes from the
    /// object being defined when that defines it (and is not the field being resolved), else from before.
    /// </summary>
    private HoconValue? LookupInFrame(Frame frame, HoconPath rest)
    {
        if (rest.Length == 0)
        {
            return frame.Below;
        }

        var fieldPath = frame.Path.Append(rest.First);
        if (frame.Overlay is { } overlay && overlay.Fields.TryGetValue(rest.First, out var raw) && !_inProgress.Contains(fieldPath))
        {
            var value = ResolveField(fieldPath, raw);
            if (value is HoconObject above && Navigate(frame.Below, rest.Take(1)) is HoconObject below)
            {
                value = HoconMerge.MergeObjects(below, above);
            }

            return Navigate(value, rest.Skip(1));
        }

        return Navigate(frame.Below, rest);
    }

    private static HoconValue? Navigate(HoconValue? value, HoconPath path)
    {
        for (var i = 0; i < path.Length && value is not null; i++)
        {
            value = value is HoconObject obj && obj.Fields.TryGetValue(path[i], out var child) ? child : null;
        }

        return value;
    }
}
