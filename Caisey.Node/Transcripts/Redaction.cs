namespace Caisey.Node.Transcripts;

/// <summary>
/// One redaction of a transcript: either a line of one command's output (<see cref="CommandId"/> and the 0-based
/// <see cref="Line"/>, replaced whole by <see cref="Redactor.Marker"/>) or a literal <see cref="Pattern"/> masked
/// everywhere (script, output, timeline notes, hostname).
/// </summary>
public sealed record Redaction(string? CommandId = null, int? Line = null, string? Pattern = null)
{
    public bool IsLine => CommandId is not null && Line is not null && Pattern is null;

    public bool IsPattern => !string.IsNullOrEmpty(Pattern) && CommandId is null && Line is null;
}
