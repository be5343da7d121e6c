using System.Text.Json;

namespace Caisey.Agent.Bridge;

/// <summary>
/// The ordered transports (<see cref="TransportCandidate.ListFor"/>) and which one to use now. Repeated
/// failure (<c>failuresBeforeRotation</c> in a row) moves to the next, wrapping around; a success is
/// remembered in <c>DATA_DIR/transport.json</c>, so a restarted agent starts from the transport that last
/// worked (matched by name, so a changed URL list starts from the top).
/// </summary>
public sealed class TransportRotation
{
    public const string FileName = "transport.json";

    private readonly string _filePath;
    private readonly int _failuresBeforeRotation;
    private readonly TimeProvider _timeProvider;
    private int _failures;

    public TransportRotation(IReadOnlyList<TransportCandidate> candidates, string dataDirectory, int failuresBeforeRotation, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count);
        Candidates = candidates;
        _filePath = Path.Combine(dataDirectory, FileName);
        _failuresBeforeRotation = Math.Max(1, failuresBeforeRotation);
        _timeProvider = timeProvider;
        var saved = Load(_filePath);
        Index = saved is null ? 0 : Math.Max(0, candidates.ToList().FindIndex(c => c.Name == saved.Name));
    }

    public IReadOnlyList<TransportCandidate> Candidates { get; }

    public int Index { get; private set; }

    public TransportCandidate Current => Candidates[Index];

    /// <summary>Counts a failed connect; returns true when it moved on to the next transport.</summary>
    public bool ReportFailure()
    {
        if (++_failures < _failuresBeforeRotation)
            return false;
        _failures = 0;
        Index = (Index + 1) % Candidates.Count;
        return true;
    }

    /// <summary>The current transport carried a bridge: reset the failure count and remember it.</summary>
    public void ReportSuccess()
    {
        _failures = 0;
        var state = new TransportState(Index, Current.Name, _timeProvider.GetUtcNow());
        var temporary = _filePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, BridgeJsonContext.Default.TransportState));
        File.Move(temporary, _filePath, overwrite: true);
    }

    /// <summary>The saved state in <paramref name="dataDirectory"/>, or null when none (or unreadable).</summary>
    public static TransportState? LoadState(string dataDirectory) => Load(Path.Combine(dataDirectory, FileName));

    private static TransportState? Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), BridgeJsonContext.Default.TransportState) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }
}
