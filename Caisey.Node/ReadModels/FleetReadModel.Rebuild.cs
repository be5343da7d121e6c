using Caisey.Node.Endpoints;
using Caisey.Node.Journal;

namespace Caisey.Node.ReadModels;

public sealed partial class FleetReadModel
{
    /// <summary>
    /// Folds each endpoint's latest snapshot and later events with <see cref="EndpointBehavior.Apply"/> (no entity is
    /// activated) and fills in what live effects have not already set.
    /// </summary>
    /// <returns>How many enrolled endpoints and commands were read.</returns>
    public async Task<(int Endpoints, int Commands)> RebuildAsync(
        IEnumerable<string> endpointIds, IEventJournal journal, ISnapshotStore snapshots, CancellationToken cancellationToken)
    {
        var behavior = new EndpointBehavior();
        var (endpoints, commands) = (0, 0);
        foreach (var endpointId in endpointIds)
        {
            var snapshot = await snapshots.LoadAsync(endpointId, long.MaxValue, cancellationToken).ConfigureAwait(false);
            var state = snapshot?.Snapshot as EndpointState ?? behavior.Initial(endpointId);
            var from = (snapshot?.SequenceNr ?? 0) + 1;
            await foreach (var entry in journal.ReplayAsync(endpointId, from, long.MaxValue, long.MaxValue, cancellationToken).ConfigureAwait(false))
                state = behavior.Apply(state, entry.Event);
            if (!state.IsEnrolled)
                continue;
            Seed(state);
            endpoints++;
            commands += state.Commands.Count;
        }
        return (endpoints, commands);
    }

    /// <summary>Adds the endpoint's view and commands where the live feed has not set them yet.</summary>
    private void Seed(EndpointState state)
    {
        var entry = Entry(state.EndpointId);
        lock (entry.Gate)
        {
            entry.View ??= state.ToView();
            foreach (var commandId in state.Commands.Keys)
            {
                if (!entry.Commands.ContainsKey(commandId))
                    entry.Commands[commandId] = state.View(commandId);
                _commandEndpoints[commandId] = state.EndpointId;
            }
        }
    }
}
