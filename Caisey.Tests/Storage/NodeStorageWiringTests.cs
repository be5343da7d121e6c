using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.Hosting;
using Caisey.Node.Storage;
using Caisey.Node.Transcripts;
using Caisey.Tests.Support;

namespace Caisey.Tests.Storage;

public sealed class NodeStorageWiringTests
{
    [Fact]
    public async Task ANodeWithProviderPostgres_KeepsUsersOutputTranscriptsAndAudit_InTheSharedDatabase_NotInItsDataDirectory()
    {
        await using var database = await PostgresServer.CreateDatabaseAsync();
        var dataDir = Directory.CreateTempSubdirectory("caisey-wiring-").FullName;
        var configuration = NodeConfiguration.Load(null,
        [
            "caisey.node.urls=\"http://127.0.0.1:0\"",
            $"caisey.node.data-dir=\"{dataDir}\"",
            "caisey.journal.provider=postgres",
            $"caisey.journal.postgres.connection-string=\"{database.ConnectionString}\"",
        ]);
        await using var app = NodeHost.Build(configuration);

        // The runtime (journal) is another part of issue 5: start only the storage, as the host starts it first.
        var storage = app.Services.GetRequiredService<NodeStorage>();
        await storage.StartAsync(CancellationToken.None);
        app.Services.GetRequiredService<UserStore>().Create("alice", "pw", Roles.Admin, []);
        await app.Services.GetRequiredService<CommandOutputStore>().AppendAsync(new OutputChunkRecord("cmd_1", 0, "stdout", "x"));
        Assert.Null(app.Services.GetRequiredService<TranscriptStore>().Find("tr_1"));
        var audit = app.Services.GetRequiredService<AuditLog>();
        Assert.Null(audit.FilePath);
        await audit.RecordAsync("alice", "user.created", "users/alice", new { role = "admin" });
        await storage.StopAsync(CancellationToken.None);

        Assert.NotNull(storage.Postgres);
        var other = NodeStorage.OnPostgres(database.ConnectionString, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresNotifications>.Instance);
        await using (other)
        {
            Assert.Equal("alice", new UserStore(other.Node, TimeProvider.System).Find("ALICE")?.Username);
            Assert.Equal("x", new CommandOutputStore(other.Output).ReadText("cmd_1"));
            await using var otherAudit = new AuditLog(other.Audit!);
            Assert.Equal("alice", otherAudit.ForTarget("users/alice").Single().Actor);
        }
        Assert.Empty(Directory.GetFiles(dataDir, "*.db"));
        Directory.Delete(dataDir, recursive: true);
    }
}
