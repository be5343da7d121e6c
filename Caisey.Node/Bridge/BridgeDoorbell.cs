using System.Collections.Concurrent;

namespace Caisey.Node.Bridge;

/// <summary>The agents' doorbells: a long-poll per endpoint that the node answers as soon as work arrives.</summary>
/// <remarks>Every poll of an endpoint waits on the same bell; a ring answers them all and the next poll arms a new one.</remarks>
public sealed class BridgeDoorbell
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _bells = new(StringComparer.Ordinal);

    /// <summary>A task that completes when the endpoint's doorbell rings; arm it before checking for work, so no ring is missed.</summary>
    public Task Arm(string endpointId) =>
        _bells.GetOrAdd(endpointId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Raised when a ring found no poll waiting on this node (cluster: the agent may be polling another node).</summary>
    public event Action<string>? Unanswered;

    /// <summary>Rings the endpoint's doorbell; false when no poll was waiting.</summary>
    public bool Ring(string endpointId)
    {
        if (RingHere(endpointId))
            return true;
        Unanswered?.Invoke(endpointId);
        return false;
    }

    /// <summary>Rings only a poll waiting on this node (a ring relayed from another node).</summary>
    public bool RingHere(string endpointId)
    {
        if (!_bells.TryRemove(endpointId, out var bell))
            return false;
        bell.TrySetResult();
        return true;
    }
}
