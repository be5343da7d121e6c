using System.Collections.Concurrent;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;

namespace Caisey.Node.ReadModels;

/// <summary>
/// The fleet as the API lists it, kept in memory from endpoint effects (<see cref="EndpointChanged"/>,
/// <see cref="CommandChanged"/>) so that reads never wake an entity. Rebuilt from the journal on start
/// (<see cref="RebuildAsync"/>).
/// </summary>
/// <remarks>
/// Live effects always overwrite; the rebuild only fills what is still missing. Effects of one endpoint arrive in
/// order, so whichever of the two comes last, the entry ends at the newest state.
/// </remarks>
public sealed partial class FleetReadModel(CommandOutputStore output) : IEndpointEffectSink
{
    private readonly ConcurrentDictionary<string, FleetEntry> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _commandEndpoints = new(StringComparer.Ordinal);

    /// <summary>Raised (on the entity's task: keep it quick) when an endpoint's view or pending count changed.</summary>
    public event Action<EndpointView>? EndpointUpdated;

    /// <summary>Raised (on the entity's task: keep it quick) when a command changed, with its endpoint's client group.</summary>
    public event Action<CommandView, string?>? CommandUpdated;

    public static bool IsTerminal(CommandStatus status) =>
        status is CommandStatus.Succeeded or CommandStatus.Failed or CommandStatus.Cancelled or CommandStatus.Expired;

    public ValueTask HandleAsync(string endpointId, object effect, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case EndpointChanged changed:
                OnEndpointChanged(changed.Endpoint);
                break;
            case CommandChanged changed:
                OnCommandChanged(changed.Command);
                break;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Enrolled endpoints, in no particular order.</summary>
    public IReadOnlyList<EndpointView> Endpoints() =>
        [.. _endpoints.Values.Select(e => e.View).OfType<EndpointView>()];

    public EndpointView? FindEndpoint(string endpointId) =>
        _endpoints.TryGetValue(endpointId, out var entry) ? entry.View : null;

    public CommandView? FindCommand(string commandId)
    {
        if (!_commandEndpoints.TryGetValue(commandId, out var endpointId) || !_endpoints.TryGetValue(endpointId, out var entry))
            return null;
        lock (entry.Gate)
            return entry.Commands.GetValueOrDefault(commandId);
    }

    /// <summary>The endpoint's commands, newest first.</summary>
    public IReadOnlyList<CommandView> History(string endpointId)
    {
        if (!_endpoints.TryGetValue(endpointId, out var entry))
            return [];
        lock (entry.Gate)
            return [.. entry.Commands.Values.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal)];
    }

    public int PendingCommands(string endpointId) =>
        _endpoints.TryGetValue(endpointId, out var entry) ? entry.PendingCommands() : 0;

    /// <summary>True once the command is terminal (or unknown): what output followers wait for.</summary>
    public bool IsFinished(string commandId) => FindCommand(commandId) is not { } command || IsTerminal(command.Status);

    /// <summary>Cluster: an endpoint view that changed on the node that owns it.</summary>
    public void ApplyRemote(EndpointView view) => OnEndpointChanged(view);

    /// <summary>Cluster: a command view that changed on the node that owns its endpoint.</summary>
    public void ApplyRemote(CommandView command) => OnCommandChanged(command);

    private FleetEntry Entry(string endpointId) => _endpoints.GetOrAdd(endpointId, _ => new FleetEntry());

    private void OnEndpointChanged(EndpointView view)
    {
        var entry = Entry(view.Id);
        lock (entry.Gate)
            entry.View = view;
        EndpointUpdated?.Invoke(view);
    }

    private void OnCommandChanged(CommandView command)
    {
        var entry = Entry(command.EndpointId);
        bool pendingChanged;
        EndpointView? view;
        lock (entry.Gate)
        {
            pendingChanged = entry.Set(command);
            view = entry.View;
        }
        _commandEndpoints[command.Id] = command.EndpointId;
        if (IsTerminal(command.Status))
            output.Signal(command.Id);
        CommandUpdated?.Invoke(command, view?.ClientGroupId);
        if (pendingChanged && view is not null)
            EndpointUpdated?.Invoke(view);
    }
}
