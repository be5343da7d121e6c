namespace Caisey.Node.Health;

/// <summary>Whether the node accepts work: set once the journal is open, cleared when shutdown begins.</summary>
public sealed class NodeReadiness
{
    private volatile string? _notReadyReason = "starting: the journal is not open yet";

    public bool IsReady => _notReadyReason is null;

    public string? NotReadyReason => _notReadyReason;

    public void MarkReady() => _notReadyReason = null;

    public void MarkNotReady(string reason) => _notReadyReason = reason;
}
