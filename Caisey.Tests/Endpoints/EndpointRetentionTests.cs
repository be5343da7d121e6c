using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

/// <summary>An endpoint's state keeps its open commands and its newest finished ones, however many it ran.</summary>
public sealed class EndpointRetentionTests
{
    private const int Retained = EndpointBehavior.DefaultRetainedFinishedCommands;

    private static void RunToSuccess(EndpointScenario s, string id, string? idempotencyKey = null)
    {
        s.Command(new QueueCommand(id, "true", "tech", IdempotencyKey: idempotencyKey));
        s.Command(new MarkDispatched(id, "wss"));
        s.Command(new CompleteCommand(id, ExitCode: 0, OutputBytes: 0));
        s.Advance(TimeSpan.FromSeconds(1));
    }

    /// <summary>Runs cmd-0 … cmd-(n-1) to success, <paramref name="apart"/> between them; returns every event, in order.</summary>
    private static List<object> RunAll(EndpointScenario s, int n, TimeSpan apart)
    {
        var events = new List<object>();
        for (var i = 0; i < n; i++)
        {
            s.Command(new QueueCommand($"cmd-{i}", "true", "tech"));
            events.AddRange(s.Last.Events);
            s.Command(new MarkDispatched($"cmd-{i}", "wss"));
            events.AddRange(s.Last.Events);
            s.Command(new CompleteCommand($"cmd-{i}", ExitCode: 0, OutputBytes: 0));
            events.AddRange(s.Last.Events);
            s.Advance(apart);
        }
        return events;
    }

    [Fact]
    public void FinishedCommands_BeyondTheRetainedNumber_LeaveTheState_OldestFirst_OpenOnesStay()
    {
        var s = new EndpointScenario();
        // Queued first, so it has the lowest ordinal of all; it stays open throughout.
        s.Command(new QueueCommand("cmd-open", "sleep 1", "tech", NotBefore: EndpointScenario.T0.AddDays(1)));
        for (var i = 0; i < Retained + 50; i++)
            RunToSuccess(s, $"cmd-{i}", idempotencyKey: $"key-{i}");

        Assert.Equal(Retained + 1, s.State.Commands.Count);
        Assert.True(s.State.Commands.ContainsKey("cmd-open"));
        Assert.False(s.State.Commands.ContainsKey("cmd-49"));
        Assert.True(s.State.Commands.ContainsKey("cmd-50"));
        Assert.True(s.State.Commands.ContainsKey($"cmd-{Retained + 49}"));
        Assert.Equal(Retained, s.State.IdempotencyKeys.Count);
        Assert.Equal("cmd-50", s.State.IdempotencyKeys["key-50"]);
    }

    [Fact]
    public void ACommandWithALowOrdinalThatFinishesLast_IsKept_TheOldestFinishedGoes()
    {
        var s = new EndpointScenario();
        s.Command(new QueueCommand("cmd-late", "true", "tech"));
        s.Command(new MarkDispatched("cmd-late", "wss"));
        for (var i = 0; i < Retained; i++)
            RunToSuccess(s, $"cmd-{i}");

        var late = s.Command(new CompleteCommand("cmd-late", ExitCode: 0, OutputBytes: 0));

        Assert.Equal(CommandStatus.Succeeded, late.Status);
        Assert.True(s.State.Commands.ContainsKey("cmd-late"));
        Assert.False(s.State.Commands.ContainsKey("cmd-0"));
        Assert.Equal(Retained, s.State.Commands.Count);
    }

    [Fact]
    public void ALateReportForARetiredCommand_IsAnUnknownCommand_AndChangesNothing()
    {
        var s = new EndpointScenario();
        for (var i = 0; i < Retained + 1; i++)
            RunToSuccess(s, $"cmd-{i}");

        var rejection = s.Rejected(new CompleteCommand("cmd-0", ExitCode: 0, OutputBytes: 0));

        Assert.Equal(RejectionCode.UnknownCommand, rejection.Code);
    }

    [Fact]
    public void ReplayingTheSameEvents_RetiresTheSameCommands()
    {
        var s = new EndpointScenario();
        var events = RunAll(s, Retained + 20, TimeSpan.Zero);

        var behavior = new EndpointBehavior();
        var replayed = events.Aggregate(new EndpointScenario().State, behavior.Apply);

        Assert.Equal(s.State.Commands.Keys.Order(), replayed.Commands.Keys.Order());
    }

    [Fact]
    public void CommandsThatFinishedAtTheSameInstant_LeaveInOrdinalOrder()
    {
        var s = new EndpointScenario();
        // No time passes: every command finishes at T0, so only the ordinal tells the oldest.
        RunAll(s, Retained + 3, TimeSpan.Zero);

        Assert.Equal(Retained, s.State.Commands.Count);
        Assert.False(s.State.Commands.ContainsKey("cmd-0"));
        Assert.False(s.State.Commands.ContainsKey("cmd-2"));
        Assert.True(s.State.Commands.ContainsKey("cmd-3"));
    }

    [Fact]
    public void AStateHoldingMoreThanItsLimit_ShedsTheWholeExcess_OldestFirst_OnTheNextFinish()
    {
        // A state folded with a higher limit (a snapshot written before the limit was lowered) holds 30 finished commands.
        var s = new EndpointScenario();
        var events = RunAll(s, 30, TimeSpan.FromSeconds(1));
        Assert.Equal(30, s.State.Commands.Count);
        var narrow = new EndpointBehavior { RetainedFinishedCommands = 10 };
        var tail = events.TakeLast(3).ToList(); // cmd-29's queued, dispatched, succeeded
        var before = events.SkipLast(3).Aggregate(new EndpointScenario().State, new EndpointBehavior().Apply);

        var after = tail.Aggregate(before, narrow.Apply);

        Assert.Equal(Enumerable.Range(20, 10).Select(i => $"cmd-{i}").Order(), after.Commands.Keys.Order());
    }
    [Fact]
    public void ACommandThatFinishedEarlierByTheClock_RetiresBeforeThoseThatFinishedBeforeIt_AlsoAfterASnapshot()
    {
        var s = new EndpointScenario { Now = EndpointScenario.T0.AddHours(1) };
        RunAll(s, Retained, TimeSpan.FromSeconds(1)); // cmd-0 … cmd-99, from T0 + 1 h
        s.Now = EndpointScenario.T0; // the clock went back
        RunToSuccess(s, "cmd-early"); // the oldest by finish time now; its own finish retires cmd-0
        s.Now = EndpointScenario.T0.AddHours(2);

        RunToSuccess(s, "cmd-next");

        Assert.False(s.State.Commands.ContainsKey("cmd-early"));
        Assert.False(s.State.Commands.ContainsKey("cmd-0"));
        Assert.True(s.State.Commands.ContainsKey("cmd-1"));

        // A state read back from its snapshot keeps the same order: the next finish retires cmd-1 there too.
        var serializer = EndpointManifests.CreateSerializer();
        var (manifest, payload) = serializer.Serialize(s.State);
        var restored = Assert.IsType<EndpointState>(serializer.Deserialize(manifest, payload));
        var events = RunAll(s, 1, TimeSpan.Zero); // cmd-0 again: a new command of that id, the old one is gone

        var replayed = events.Aggregate(restored, new EndpointBehavior().Apply);

        Assert.False(s.State.Commands.ContainsKey("cmd-1"));
        Assert.True(s.State.Commands.ContainsKey("cmd-2"));
        Assert.Equal(s.State.Commands.Keys.Order(), replayed.Commands.Keys.Order());
    }
}
