using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Journal;
using Caisey.Node.ReadModels;

namespace Caisey.Tests.ReadModels;

public sealed class FleetReadModelTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-fleet-").FullName;
    private readonly CommandOutputStore _output;
    private readonly InMemoryEventJournal _journal = new(EndpointManifests.CreateSerializer());

    public FleetReadModelTests() => _output = new CommandOutputStore(Path.Combine(_dir, "output.db"));

    [Fact]
    public async Task Rebuild_FoldsTheJournal_ButNeverOverwritesANewerLiveChange()
    {
        await _journal.AppendAsync("ep_1", 0, [
            new EndpointEnrolled("ep_1", "acme", "web-01", "linux", "1.0", T0),
            new CommandQueued("cmd_a", "uptime", "tina", null, null, null, null, null, null, T0),
            new CommandQueued("cmd_b", "df", "tina", null, null, null, null, null, null, T0.AddSeconds(1)),
        ]);
        var fleet = new FleetReadModel(_output);
        // A live effect that arrived first (the entity already moved on): cmd_a was cancelled.
        var cancelled = new CommandView("cmd_a", "ep_1", null, CommandStatus.Cancelled, "tina", T0, [], 0, null, FailureReason.Cancelled, 0, null,
            new CommandTimings(null, null, null, null, null), null, null, null, null, null, null);
        await fleet.HandleAsync("ep_1", new CommandChanged(cancelled), CancellationToken.None);

        var (endpoints, commands) = await fleet.RebuildAsync(["ep_1", "ep_never_enrolled"], _journal, CancellationToken.None);

        Assert.Equal((1, 2), (endpoints, commands));
        Assert.Equal("acme", fleet.FindEndpoint("ep_1")?.ClientGroupId);
        Assert.Null(fleet.FindEndpoint("ep_never_enrolled"));
        Assert.Equal(CommandStatus.Cancelled, fleet.FindCommand("cmd_a")?.Status);
        Assert.Equal(CommandStatus.Queued, fleet.FindCommand("cmd_b")?.Status);
        Assert.Equal(["cmd_b", "cmd_a"], fleet.History("ep_1").Select(c => c.Id));
        Assert.Equal(1, fleet.PendingCommands("ep_1"));
    }

    [Fact]
    public async Task Rebuild_ListsEveryCommandAMachineRan_AlsoThoseItsEntityStateNoLongerKeeps()
    {
        var total = EndpointBehavior.DefaultRetainedFinishedCommands + 30;
        var events = new List<object> { new EndpointEnrolled("ep_1", "acme", "web-01", "linux", "1.0", T0) };
        for (var i = 0; i < total; i++)
        {
            var at = T0.AddSeconds(i);
            events.Add(new CommandQueued($"cmd_{i}", "true", "tina", null, null, null, null, null, null, at));
            events.Add(new CommandDispatched($"cmd_{i}", 1, "wss", at));
            events.Add(new CommandSucceeded($"cmd_{i}", 0, 0, at));
        }
        await _journal.AppendAsync("ep_1", 0, events);
        // What the entity itself keeps.
        var entityState = events.Aggregate(new EndpointBehavior().Initial("ep_1"), new EndpointBehavior().Apply);
        Assert.Equal(EndpointBehavior.DefaultRetainedFinishedCommands, entityState.Commands.Count);

        var fleet = new FleetReadModel(_output);
        var (_, commands) = await fleet.RebuildAsync(["ep_1"], _journal, CancellationToken.None);

        Assert.Equal(total, commands);
        Assert.Equal(total, fleet.History("ep_1").Count);
        Assert.Equal(CommandStatus.Succeeded, fleet.FindCommand("cmd_0")?.Status);
        Assert.Equal(0, fleet.PendingCommands("ep_1"));
    }

    [Fact]
    public async Task Refresh_AppliesWhatIsNewerInTheJournal_AndNeverTakesALiveViewBack()
    {
        await _journal.AppendAsync("ep_1", 0, [
            new EndpointEnrolled("ep_1", "acme", "web-01", "linux", "1.0", T0),
            new CommandQueued("cmd_a", "uptime", "tina", null, null, null, null, null, null, T0),
            new CommandQueued("cmd_b", "df", "tina", null, null, null, null, null, null, T0),
        ]);
        var fleet = new FleetReadModel(_output);
        await fleet.RebuildAsync(["ep_1"], _journal, CancellationToken.None);
        // Live, ahead of what the journal read below shows: cmd_a already finished.
        var ahead = fleet.FindCommand("cmd_a")! with
        {
            Status = CommandStatus.Succeeded,
            Timeline = [.. fleet.FindCommand("cmd_a")!.Timeline, new TimelineEntry(CommandStatus.Dispatched, T0, null), new TimelineEntry(CommandStatus.Succeeded, T0, null)],
        };
        await fleet.HandleAsync("ep_1", new CommandChanged(ahead), CancellationToken.None);
        await _journal.AppendAsync("ep_1", 3, [new CommandDispatched("cmd_b", 1, "wss", T0.AddSeconds(1))]);

        var (endpoints, commands) = await fleet.RefreshAsync(["ep_1"], _journal, CancellationToken.None);

        Assert.Equal((0, 1), (endpoints, commands));
        Assert.Equal(CommandStatus.Succeeded, fleet.FindCommand("cmd_a")?.Status);
        Assert.Equal(CommandStatus.Dispatched, fleet.FindCommand("cmd_b")?.Status);
    }

    public void Dispose()
    {
        _output.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
