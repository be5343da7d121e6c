using Caisey.Node.Endpoints;
using Caisey.Node.Hosting;
using Caisey.Node.Journal;
using Caisey.Tests.Support;

namespace Caisey.Tests.Hosting;

/// <summary>A node on <c>caisey.journal.provider = postgres</c>, against a real PostgreSQL database.</summary>
public sealed class PostgresNodeTests
{
    [Fact]
    public async Task NodeOnPostgres_QueuedCommand_SurvivesARestart()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        string[] sets = ["caisey.journal.provider=\"postgres\"", $"caisey.journal.postgres.connection-string=\"{database.ConnectionString}\""];
        var dataDir = Directory.CreateTempSubdirectory("caisey-node-").FullName;
        await using (var first = await TestNode.StartAsync(dataDir, sets))
        {
            var runtime = first.App.Services.GetRequiredService<NodeRuntime>();
            Assert.IsType<PostgresEventJournal>(runtime.Journal);
            await runtime.Endpoints.AskAsync("ep-pg", new Enroll("default", "host-pg", "linux", "1.0"));
            await runtime.Endpoints.AskAsync("ep-pg", new QueueCommand("cmd-pg", "echo hi", "admin"));
        }

        await using var second = await TestNode.StartAsync(dataDir, sets);
        var restarted = second.App.Services.GetRequiredService<NodeRuntime>();
        var command = Assert.IsType<CommandView>(await restarted.Endpoints.AskAsync("ep-pg", new GetCommand("cmd-pg")));
        Assert.Equal(CommandStatus.Queued, command.Status);
        Assert.True(await restarted.Journal.ReadHighestSequenceNrAsync("ep-pg") >= 2, "the endpoint's events are not in the PostgreSQL journal");
    }
}
