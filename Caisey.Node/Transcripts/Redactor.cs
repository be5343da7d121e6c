namespace Caisey.Node.Transcripts;

/// <summary>Applies redactions (pure): line redactions first, by the output's original line numbers, then patterns.</summary>
public static class Redactor
{
    public const string Marker = "[redacted]";

    /// <summary>The command's output with its redacted lines replaced and every pattern masked. Lines split on <c>\n</c>.</summary>
    public static string Output(string commandId, string output, IReadOnlyList<Redaction> redactions)
    {
        var lines = redactions.Where(r => r.IsLine && r.CommandId == commandId).Select(r => r.Line!.Value).ToHashSet();
        if (lines.Count > 0)
        {
            var split = output.Split('\n');
            foreach (var line in lines.Where(l => l < split.Length))
                split[line] = Marker;
            output = string.Join('\n', split);
        }
        return Mask(output, redactions)!;
    }

    /// <summary>Masks every pattern, longest first (so a shorter pattern cannot break a longer one apart).</summary>
    public static string? Mask(string? text, IReadOnlyList<Redaction> redactions)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        foreach (var pattern in redactions.Where(r => r.IsPattern).Select(r => r.Pattern!).Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length))
            text = text.Replace(pattern, Marker, StringComparison.Ordinal);
        return text;
    }
}
