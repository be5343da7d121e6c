using System.Collections.Concurrent;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Api;

/// <summary>
/// Fans out fleet changes to <c>/api/v1/events</c> subscribers: read-model updates, reachability changes and stored output
/// chunks. Publishing runs on the caller's task (often an entity's) and only offers to bounded buffers.
/// </summary>
public sealed class LiveEvents : IDisposable
{
    private readonly ConcurrentDictionary<LiveSubscription, byte> _subscribers = new();
    private readonly FleetReadModel _fleet;
    private readonly EndpointPresenter _presenter;
    private readonly IReachabilityTracker _reachability;
    private readonly CommandOutputStore _output;
    private readonly ApiOptions _options;

    public LiveEvents(FleetReadModel fleet, EndpointPresenter presenter, IReachabilityTracker reachability, CommandOutputStore output, ApiOptions options)
    {
        _fleet = fleet;
        _presenter = presenter;
        _reachability = reachability;
        _output = output;
        _options = options;
        _fleet.EndpointUpdated += OnEndpoint;
        _fleet.CommandUpdated += OnCommand;
        _reachability.Changed += OnReachability;
        _output.Appended += OnOutput;
    }

    public int SubscriberCount => _subscribers.Count;

    /// <summary>A buffer of the events <paramref name="user"/> may see; dispose it to unsubscribe.</summary>
    public LiveSubscription Subscribe(CaiseyUser user)
    {
        var subscription = new LiveSubscription(user, _options.EventsBuffer, s => _subscribers.TryRemove(s, out _));
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    public void Dispose()
    {
        _fleet.EndpointUpdated -= OnEndpoint;
        _fleet.CommandUpdated -= OnCommand;
        _reachability.Changed -= OnReachability;
        _output.Appended -= OnOutput;
    }

    private void Publish(LiveEvent live)
    {
        foreach (var subscriber in _subscribers.Keys)
            subscriber.Offer(live);
    }

    private void OnEndpoint(EndpointView view)
    {
        if (!_subscribers.IsEmpty && view.ClientGroupId is { } group)
            Publish(new LiveEvent(LiveEvent.EndpointChanged, group, _presenter.Present(view)));
    }

    private void OnCommand(CommandView command, string? group)
    {
        if (!_subscribers.IsEmpty && group is not null)
            Publish(new LiveEvent(LiveEvent.CommandChanged, group, command));
    }

    private void OnReachability(string endpointId)
    {
        if (!_subscribers.IsEmpty && _fleet.FindEndpoint(endpointId) is { } view)
            OnEndpoint(view);
    }

    private void OnOutput(OutputChunkRecord chunk)
    {
        if (_subscribers.IsEmpty || _fleet.FindCommand(chunk.CommandId) is not { } command
            || _fleet.FindEndpoint(command.EndpointId)?.ClientGroupId is not { } group)
            return;
        Publish(new LiveEvent(LiveEvent.CommandOutput, group, new OutputChunkEvent(chunk.CommandId, command.EndpointId, chunk.Seq, chunk.Stream, chunk.Data)));
    }
}
