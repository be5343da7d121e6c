namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Layered configuration as hosts load it: default files, then an optional <c>--config FILE</c>, then
/// <c>--set key=value</c> overrides, merged in that order and resolved once.
/// </summary>
public static class HoconLayers
{
    /// <summary>Merges the layers in order (later wins) and resolves the result.</summary>
    /// <param name="defaultFiles">Files that must exist, e.g. <c>hocon/caisey.conf</c>.</param>
    /// <param name="configFile">The user's file, or null.</param>
    /// <param name="setOverrides"><c>key=value</c> assignments, applied last in order.</param>
    public static HoconObject Load(
        IEnumerable<string> defaultFiles,
        string? configFile,
        IEnumerable<string> setOverrides,
        HoconResolveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(defaultFiles);
        ArgumentNullException.ThrowIfNull(setOverrides);
        var document = HoconDocument.Empty;
        foreach (var file in defaultFiles)
        {
            document = document.WithOverrides(HoconDocument.Load(file));
        }

        if (configFile is not null)
        {
            document = document.WithOverrides(HoconDocument.Load(configFile));
        }

        return ApplySets(document, setOverrides).Resolve(options);
    }

    /// <summary>Writes each <c>--set</c> assignment after <paramref name="document"/>.</summary>
    public static HoconDocument ApplySets(HoconDocument document, IEnumerable<string> setOverrides)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(setOverrides);
        return setOverrides.Aggregate(document, (current, assignment) => current.WithOverrides(ParseSet(assignment)));
    }

    /// <summary>
    /// Parses one <c>--set</c> assignment: <c>key=value</c> (or <c>key+=value</c> to append to an array).
    /// The value is HOCON (<c>42</c>, <c>true</c>, <c>10s</c>, <c>"quoted"</c>, <c>[1, 2]</c>, <c>${other.key}</c>);
    /// a value that is not valid unquoted HOCON, such as <c>http://127.0.0.1:6000</c> after the shell removed
    /// its quotes, is taken as a literal string.
    /// </summary>
    public static HoconDocument ParseSet(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var equals = IndexOfAssignment(assignment);
        if (equals <= 0)
        {
            throw new HoconException($"--set expects key=value but got '{assignment}'");
        }

        var keyText = assignment[..equals].Trim();
        var append = keyText.EndsWith('+');
        var key = HoconPath.Parse(append ? keyText[..^1] : keyText, "--set");
        var value = assignment[(equals + 1)..].Trim();
        var separator = append ? "+=" : "=";
        var text = IsHocon(value) ? value : HoconPath.Quote(value);
        return HoconDocument.Parse($"{key} {separator} {text}", "--set");
    }

    private static bool IsHocon(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        if (value[0] is '"' or '[' or '{' || value.StartsWith("${", StringComparison.Ordinal))
        {
            return true;
        }

        return !value.Contains("//", StringComparison.Ordinal) && !value.AsSpan().ContainsAny("$\"{}[]:=,+#`^?!@*&\\\n");
    }

    private static int IndexOfAssignment(string assignment)
    {
        var quoted = false;
        for (var i = 0; i < assignment.Length; i++)
        {
            var c = assignment[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '=' && !quoted)
            {
                return i;
            }
        }

        return -1;
    }
}
