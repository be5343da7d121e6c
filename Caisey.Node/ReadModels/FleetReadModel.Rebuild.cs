using Caisey.Node.Endpoints;
using Caisey.Node.Journal;

namespace Caisey.Node.ReadModels;

public sealed partial class FleetReadModel
{
    /// <summary>
    /// Folds each endpoint's events, from its first, with an <see cref="EndpointBehavior"/> that keeps every finished command
    /// (no entity is activated), and fills in what live effects have not already set. Not from a snapshot: an entity's
    /// state keeps only its newest finished commands, the history lists them all.
    /// </summary>
    /// <returns>How many enrolled endpoints and commands were read.</returns>
    public async Task<(int Endpoints, int Commands)> RebuildAsync(
        IEnumerable<string> endpointIds, IEventJournal journal, CancellationToken cancellationToken)
    {
        var (endpoints, commands) = (0, 0);
        await foreach (var state in EnrolledAsync(endpointIds, journal, cancellationToken).ConfigureAwait(false))
        {
            Seed(state);
            endpoints++;
            commands += state.Commands.Count;
        }
        return (endpoints, commands);
    }

    /// <summary>
    /// Catches up with changes this node may have missed (in a cluster, while its bus listener was disconnected): folds
    /// each endpoint's events as <see cref="RebuildAsync"/> does and applies what is newer than what the model holds —
    /// a command whose timeline is longer (or unknown here), an endpoint view that differs and is not older by check-in —
    /// raising the same events a live change raises, so the console's live views catch up too.
    /// </summary>
    /// <returns>How many endpoint and command views changed.</returns>
    public async Task<(int Endpoints, int Commands)> RefreshAsync(
        IEnumerable<string> endpointIds, IEventJournal journal, CancellationToken cancellationToken)
    {
        var (endpoints, commands) = (0, 0);
        await foreach (var state in EnrolledAsync(endpointIds, journal, cancellationToken).ConfigureAwait(false))
        {
            var current = FindEndpoint(state.EndpointId);
            var folded = state.ToView();
            if (current is null || (current != folded && !(folded.Readiness.LastCheckInAt < current.Readiness.LastCheckInAt)))
            {
                OnEndpointChanged(folded);
                endpoints++;
            }
            foreach (var commandId in state.Commands.Keys)
            {
                var view = state.View(commandId);
                if (FindCommand(commandId) is { } known && known.Timeline.Count >= view.Timeline.Count)
                    continue;
                OnCommandChanged(view);
                commands++;
            }
        }
        return (endpoints, commands);
    }

    /// <summary>Each enrolled endpoint's state, all its events folded with a behaviour that retires no finished command.</summary>
    private static async IAsyncEnumerable<EndpointState> EnrolledAsync(
        IEnumerable<string> endpointIds, IEventJournal journal, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var endpointId in endpointIds)
        {
            var state = EveryCommand.Initial(endpointId);
            await foreach (var entry in journal.ReplayAsync(endpointId, 1, long.MaxValue, long.MaxValue, cancellationToken).ConfigureAwait(false))
                state = EveryCommand.Apply(state, entry.Event);
            if (state.IsEnrolled)
                yield return state;
        }
    }

    private static readonly EndpointBehavior EveryCommand = new() { RetainedFinishedCommands = int.MaxValue };

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
                    entry.Set(state.View(commandId));
                _commandEndpoints[commandId] = state.EndpointId;
            }
        }
    }
}
