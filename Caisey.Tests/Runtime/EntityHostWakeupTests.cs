using Caisey.Node.Endpoints;
using Caisey.Node.Journal;
using Caisey.Node.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using static Caisey.Tests.Runtime.CounterBehavior;

namespace Caisey.Tests.Runtime;

public sealed class EntityHostWakeupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caisey-wakeups-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Wakeup_OfAPassivatedEntity_ActivatesAndWakesItOnTime()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync(new EntityHostOptions { PassivateAfter = TimeSpan.FromMinutes(1) });
        var dueAt = node.Time.GetUtcNow().AddMinutes(10);
        await host.AskAsync("c-1", new SetTimer(dueAt)).Within("SetTimer to be answered");
        node.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(host.LiveEntityIds());

        node.Time.Advance(TimeSpan.FromMinutes(9) - TimeSpan.FromSeconds(1));
        Assert.Empty(node.Effects.All);
        node.Time.Advance(TimeSpan.FromSeconds(1));

        var woke = await node.Effects.WaitForAsync<WokeUp>("c-1", _ => true, "the passivated entity to be woken at its due time");
        Assert.Equal(dueAt, woke.At);
        Assert.Equal(2, host.Stats.Activations);
    }

    [Fact]
    public async Task Wakeup_AfterItFired_IsRemovedFromTheIndex()
    {
        var node = new CounterHost();
        await using var host = await node.StartAsync();
        await host.AskAsync("c-1", new SetTimer(node.Time.GetUtcNow().AddMinutes(1))).Within("SetTimer to be answered");
        Assert.Single(await node.Wakeups.LoadAsync());

        node.Time.Advance(TimeSpan.FromMinutes(1));
        await node.Effects.WaitForAsync<WokeUp>("c-1", _ => true, "the wake-up after one minute");
        var state = (State?)await host.AskAsync("c-1", new Get()).Within("Get after the wake-up");

        Assert.Equal(1, state!.Wakes);
        Assert.Empty(await node.Wakeups.LoadAsync());
        Assert.Equal(0, host.Stats.ScheduledWakeups);
    }

    [Fact]
    public async Task Wakeup_WhoseProcessingFails_IsRetriedAfterTheRestartBackoffNotInALoop()
    {
        var node = new CounterHost();
        var options = new EntityHostOptions { PassivateAfter = null, RestartBackoffMin = TimeSpan.FromSeconds(1) };
        await using var host = await node.StartAsync(options);
        await host.AskAsync("c-1", new SetTimer(node.Time.GetUtcNow().AddMinutes(1))).Within("SetTimer to be answered");
        node.Journal.HoldAppends();
        node.Journal.FailNextAppends(1);

        node.Time.Advance(TimeSpan.FromMinutes(1));
        await node.Journal.AppendStarted.Within("the wake-up to try to append Woken");
        var failedAt = node.Time.GetUtcNow();
        node.Journal.ReleaseAppends();
        await node.Time.WaitForTimerAsync(failedAt + options.RestartBackoffMin).Within("the failed wake-up to be rescheduled after the backoff");
        Assert.Equal(2, node.Journal.AppendCalls);

        node.Time.Advance(options.RestartBackoffMin);

        var woke = await node.Effects.WaitForAsync<WokeUp>("c-1", _ => true, "the retried wake-up to succeed");
        Assert.Equal(failedAt + options.RestartBackoffMin, woke.At);
        Assert.Equal(3, node.Journal.AppendCalls);
        Assert.Equal(1, host.Stats.Restarts);
    }

    [Fact]
    public async Task Wakeup_AfterNodeRestart_IsDeliveredFromTheSqliteIndex()
    {
        var time = new FakeTimeProvider();
        var journal = new TestJournal(EndpointManifests.CreateSerializer());
        var effects = new RecordingEffects();
        var path = Path.Combine(_directory, "journal.db");
        var expiresAt = time.GetUtcNow().AddMinutes(10);

        await using (var indexFile = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = path }, EndpointManifests.CreateSerializer(), time))
        await using (var index = new SqliteWakeupIndex(indexFile))
        await using (var first = await StartEndpointsAsync(journal, index, effects, time))
        {
            await first.AskAsync("ep-1", new Enroll("default", "pc-1", "linux", "1.0")).Within("Enroll to be answered");
            await first.AskAsync("ep-1", new QueueCommand("cmd-1", "uptime", "tech", ExpiresAt: expiresAt)).Within("QueueCommand to be answered");
        }

        await using var reopenedFile = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = path }, EndpointManifests.CreateSerializer(), time);
        await using var reopened = new SqliteWakeupIndex(reopenedFile);
        await using var second = await StartEndpointsAsync(journal, reopened, effects, time);
        Assert.Empty(second.LiveEntityIds());
        time.Advance(TimeSpan.FromMinutes(10));

        var changed = await effects.WaitForAsync<CommandChanged>(
            "ep-1", c => c.Command.Status == CommandStatus.Expired, "cmd-1 to expire after the node restarted");
        Assert.Equal(expiresAt, changed.Command.Timeline[^1].At);
        Assert.IsType<CommandExpired>(journal.EventsOf("ep-1")[^1]);
    }

    [Fact]
    public async Task Step_ThatChangesTheDueTime_CommitsItsEventsAndItsWakeupInOneBatch()
    {
        var time = new FakeTimeProvider();
        await using var sqlite = SqliteEventJournal.Open(
            new SqliteJournalOptions { FilePath = Path.Combine(_directory, "journal.db") }, EndpointManifests.CreateSerializer(), time);
        var index = new SqliteWakeupIndex(sqlite);
        await using var host = new EntityHost<EndpointState, IEndpointMessage>(
            new EndpointBehavior(), sqlite, sqlite.Snapshots, index, new RecordingEffects(), new EntityHostOptions(), time,
            NullLogger<EntityHost<EndpointState, IEndpointMessage>>.Instance);
        await host.StartAsync();
        await host.AskAsync("ep-1", new Enroll("default", "pc-1", "linux", "1.0")).Within("Enroll to be answered");

        var before = sqlite.Stats;
        Task<object?> queued;
        // Held, so that whatever the step queues meets in the writer's next batch (the entity queues the wake-up right
        // behind its append, without waiting for the append: held or not, both are there by the time it runs).
        using (sqlite.HoldWriter())
        {
            queued = host.AskAsync("ep-1", new QueueCommand("cmd-1", "uptime", "tech", ExpiresAt: time.GetUtcNow().AddMinutes(10)));
            await Task.Delay(300);
        }
        await queued.Within("QueueCommand to be answered");
        var after = sqlite.Stats;

        // One append and one wake-up write, in one transaction: the step costs one fsync, not two.
        Assert.Equal((1L, 2L, 1L), (after.Batches - before.Batches, after.Requests - before.Requests, after.Appends - before.Appends));
        Assert.Equal([new Wakeup("ep-1", time.GetUtcNow().AddMinutes(10))], await index.LoadAsync());
    }

    private static async Task<EntityHost<EndpointState, IEndpointMessage>> StartEndpointsAsync(
        TestJournal journal, IWakeupIndex index, RecordingEffects effects, TimeProvider time)
    {
        var host = new EntityHost<EndpointState, IEndpointMessage>(
            new EndpointBehavior(), journal, journal, index, effects, new EntityHostOptions(), time,
            NullLogger<EntityHost<EndpointState, IEndpointMessage>>.Instance);
        await host.StartAsync();
        return host;
    }
}
