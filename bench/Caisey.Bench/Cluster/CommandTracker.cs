using System.Collections.Concurrent;
using System.Diagnostics;

namespace Caisey.Bench.Cluster;

/// <summary>
/// When each command became durably terminal (its agent got the node's ack of <c>command-finished</c>), by command id,
/// whichever comes first: the finish, or the wait for it (the finish can arrive before the 202 that names the id).
/// </summary>
internal sealed class CommandTracker
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _finished = new(StringComparer.Ordinal);

    private TaskCompletionSource<long> Entry(string commandId) =>
        _finished.GetOrAdd(commandId, static _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Records the finish (a <see cref="Stopwatch.GetTimestamp"/>) of <paramref name="commandId"/>.</summary>
    public void Finished(string commandId) => Entry(commandId).TrySetResult(Stopwatch.GetTimestamp());

    /// <summary>The finish timestamp of <paramref name="commandId"/>, once it happened; forgets the entry.</summary>
    public async Task<long> WaitAsync(string commandId, TimeSpan within)
    {
        var at = await Entry(commandId).Task.WaitAsync(within);
        _finished.TryRemove(commandId, out _);
        return at;
    }

    /// <summary>Forgets commands nobody waits for (finished before tracking started, or abandoned).</summary>
    public void Clear() => _finished.Clear();
}
