using Caisey.Node.Cluster;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Journal;
using Caisey.Node.ReadModels;
using Caisey.Node.Storage;
using Caisey.Tests.Runtime;
using Caisey.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Caisey.Tests.Cluster;

/// <summary>
/// A node whose bus listener lost its connection misses what other nodes announced meanwhile; when it reconnects, its
/// fleet view catches up from the shared journal (real PostgreSQL, the listener's backend terminated).
/// </summary>
public sealed class ClusterFleetRefreshTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-refresh-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task After_the_bus_reconnects_the_fleet_view_shows_what_changed_while_it_was_deaf()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        await using var database = new PostgresDatabase(db.ConnectionString);
        await using var journal = await PostgresEventJournal.OpenAsync(database, new PostgresJournalOptions(), EndpointManifests.CreateSerializer(), TimeProvider.System);
        await journal.AppendAsync("ep_1", 0, [
            new EndpointEnrolled("ep_1", "acme", "web-01", "linux", "1.0", T0),
            new CommandQueued("cmd_a", "uptime", "tina", null, null, null, null, null, null, T0),
        ]);
        using var output = new CommandOutputStore(Path.Combine(_dir, "output.db"));
        var fleet = new FleetReadModel(output);
        await fleet.RebuildAsync(["ep_1"], journal, CancellationToken.None);
        await using var bus = new ClusterBus(database, "n1", NullLogger<ClusterBus>.Instance);
        await bus.StartAsync(CancellationToken.None);
        using var refresh = new ClusterFleetRefresh(bus, fleet, () => ["ep_1"], () => journal, NullLogger<ClusterFleetRefresh>.Instance);
        var refreshed = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        refresh.Refreshed += (e, c) => refreshed.TrySetResult((e, c));
        var live = new List<CommandView>();
        fleet.CommandUpdated += (view, _) => { lock (live) live.Add(view); };

        // Another node (the owner) moved the command on and queued another; this node heard none of it.
        await journal.AppendAsync("ep_1", 2, [
            new CommandDispatched("cmd_a", 1, "wss", T0.AddSeconds(1)),
            new CommandSucceeded("cmd_a", 0, 12, T0.AddSeconds(2)),
            new CommandQueued("cmd_b", "df", "tina", null, null, null, null, null, null, T0.AddSeconds(3)),
            new CheckedIn("web-01", "linux", "1.1", 3600, 4, T0.AddSeconds(4)),
        ]);
        Assert.Equal(CommandStatus.Queued, fleet.FindCommand("cmd_a")?.Status);

        await TerminateListenerAsync(db.ConnectionString);

        Assert.Equal((1, 2), await refreshed.Task.Within("the fleet view to be refreshed after the bus reconnected"));
        Assert.Equal(CommandStatus.Succeeded, fleet.FindCommand("cmd_a")?.Status);
        Assert.Equal(CommandStatus.Queued, fleet.FindCommand("cmd_b")?.Status);
        Assert.Equal(1, fleet.PendingCommands("ep_1"));
        Assert.Equal("1.1", fleet.FindEndpoint("ep_1")?.Readiness.AgentVersion);
        lock (live)
            Assert.Equal(["cmd_a", "cmd_b"], live.Select(v => v.Id).Order());
    }

    private static async Task TerminateListenerAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()",
            connection);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
