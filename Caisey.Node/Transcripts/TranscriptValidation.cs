using Caisey.Node.ReadModels;

namespace Caisey.Node.Transcripts;

/// <summary>Checks a window and redactions, reporting every problem at once (by field).</summary>
public static class TranscriptValidation
{
    public const int MaxRedactions = 1000;
    public const int MaxPatternLength = 1000;

    public static Dictionary<string, string[]> Validate(
        string endpointId, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<Redaction> redactions, FleetReadModel fleet)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (from > to)
            errors["to"] = ["to must not be before from."];
        var problems = new List<string>();
        if (redactions.Count > MaxRedactions)
            problems.Add($"redactions holds {redactions.Count} entries; at most {MaxRedactions}.");
        for (var i = 0; i < redactions.Count && i < MaxRedactions; i++)
        {
            var r = redactions[i];
            if (r is null || !r.IsLine && !r.IsPattern)
                problems.Add($"redactions[{i}] must be either {{\"commandId\", \"line\"}} or {{\"pattern\"}} (a non-empty text).");
            else if (r.IsLine && (r.Line < 0 || fleet.FindCommand(r.CommandId!)?.EndpointId != endpointId))
                problems.Add($"redactions[{i}] must name a command of endpoint '{endpointId}' and a line of 0 or more.");
            else if (r.Pattern?.Length > MaxPatternLength)
                problems.Add($"redactions[{i}].pattern must have at most {MaxPatternLength} characters.");
        }
        if (problems.Count > 0)
            errors["redactions"] = [.. problems];
        return errors;
    }
}
