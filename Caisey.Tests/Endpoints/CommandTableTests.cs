using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

/// <summary>
/// The endpoint's command table keeps open and finished commands apart, so that a change of an open command copies only
/// the open part, and a step's scans walk only the open commands.
/// </summary>
public sealed class CommandTableTests
{
    private static EndpointState Run(EndpointScenario s, string id, bool finish)
    {
        s.Command(new QueueCommand(id, "true", "tech"));
        s.Command(new MarkDispatched(id, "wss"));
        if (finish)
            s.Command(new CompleteCommand(id, ExitCode: 0, OutputBytes: 0));
        return s.State;
    }

    [Fact]
    public void AChangeOfAnOpenCommand_LeavesTheFinishedPartShared_AFinishMovesItAcross()
    {
        var s = new EndpointScenario();
        for (var i = 0; i < 20; i++)
            Run(s, $"done-{i}", finish: true);
        Run(s, "open", finish: false);
        var before = s.State.Table;

        s.Command(new AcknowledgeCommand("open"));
        var acked = s.State.Table;
        Assert.Same(before.Finished, acked.Finished); // the same part, not a copy
        Assert.NotSame(before.Open, acked.Open);
        Assert.Equal(CommandStatus.Acknowledged, acked["open"].Status);
        Assert.Equal(CommandStatus.Dispatched, before["open"].Status); // the old table is unchanged

        s.Command(new CompleteCommand("open", ExitCode: 0, OutputBytes: 0));
        var done = s.State.Table;
        Assert.Equal(0, done.OpenCount);
        Assert.Equal(21, done.FinishedCount);
        Assert.Equal(CommandStatus.Succeeded, done["open"].Status);
        Assert.Equal(1, acked.OpenCount);
        Assert.Equal(20, acked.FinishedCount);
    }

    [Fact]
    public void ReadsAsOneMap_OpenFirst_ThenFinished()
    {
        var s = new EndpointScenario();
        Run(s, "a", finish: true);
        Run(s, "b", finish: false);
        Run(s, "c", finish: true);
        var table = s.State.Table;

        Assert.Equal(3, table.Count);
        Assert.Equal(["b", "a", "c"], table.Keys);
        Assert.Equal(["b", "a", "c"], table.Select(p => p.Key));
        Assert.Equal(["b", "a", "c"], table.Values.Select(c => c.Id));
        Assert.True(table.ContainsKey("a") && table.ContainsKey("b") && !table.ContainsKey("z"));
        Assert.False(table.TryGetValue("z", out _));
        Assert.Throws<KeyNotFoundException>(() => table["z"]);
        Assert.Equal(["b"], table.Open.Select(c => c.Id));
    }

    [Fact]
    public void AStateReadFromASnapshot_HoldsATable_SplitByStatus()
    {
        var s = new EndpointScenario();
        Run(s, "a", finish: true);
        Run(s, "b", finish: false);
        var serializer = EndpointManifests.CreateSerializer();
        var (manifest, payload) = serializer.Serialize(s.State);

        var restored = Assert.IsType<EndpointState>(serializer.Deserialize(manifest, payload));

        Assert.IsType<CommandTable>(restored.Commands);
        Assert.Equal(["b"], restored.Table.Open.Select(c => c.Id));
        Assert.Equal(["a"], restored.Table.Finished.Select(c => c.Id));
    }

    [Fact]
    public void AFinishWithRetirements_MovesTheCommandAcross_DropsTheRetired_AndLeavesTheOldTableAsItWas()
    {
        var s = new EndpointScenario();
        Run(s, "a", finish: true);
        Run(s, "b", finish: true);
        var open = Run(s, "c", finish: false).Table["c"];
        var table = s.State.Table;
        var finished = open with { Status = CommandStatus.Succeeded };

        var next = table.Finish(finished, retireOldest: 1, out var retired);

        Assert.Equal(["a"], retired.Select(c => c.Id));
        Assert.Equal(["b", "c"], next.Finished.Select(c => c.Id).Order());
        Assert.Equal(0, next.OpenCount);
        Assert.Equal(["a", "b"], table.Finished.Select(c => c.Id).Order());
        Assert.Equal(["c"], table.Open.Select(c => c.Id));
    }

    [Fact]
    public void ASubmitToAMachineWithThousandsQueued_CopiesNoneOfThem()
    {
        // The behaviour alone (EndpointScenario checks every step by serializing the whole state).
        var behavior = new EndpointBehavior();
        var now = EndpointScenario.T0;
        EndpointState Step(EndpointState state, IEndpointMessage message) => behavior.Decide(state, message, now).Events.Aggregate(state, behavior.Apply);
        var state = Step(behavior.Initial("ep_1"), new Enroll("default", "host", "linux", "1.0"));
        for (var i = 0; i < 5_000; i++)
            state = Step(state, new QueueCommand($"cmd-{i}", "true", "tech", ExpiresAt: now.AddDays(1)));

        var before = GC.GetAllocatedBytesForCurrentThread();
        state = Step(state, new QueueCommand("one-more", "true", "tech", ExpiresAt: now.AddDays(1)));
        _ = behavior.NextDueAt(state);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A copy of the open commands was ~24 bytes each, at least twice per submit (decide and fold): ≥ 240 KB here.
        Assert.True(allocated < 64 * 1024, $"one submit with 5,000 queued allocated {allocated:N0} bytes");
        Assert.Equal(5_001, state.Table.OpenCount);
        Assert.Equal(now.AddDays(1), behavior.NextDueAt(state));
    }

    [Fact]
    public void EarliestDue_IsWhatAScanOfTheQueuedCommandsFinds_ThroughQueueDispatchCancelAndWake()
    {
        var random = new Random(13);
        var s = new EndpointScenario();
        var ids = new List<string>();
        for (var step = 0; step < 600; step++)
        {
            var roll = random.Next(10);
            if (roll < 5 || ids.Count == 0)
            {
                var id = $"cmd-{step}";
                var expires = random.Next(3) == 0 ? (DateTimeOffset?)null : s.Now.AddMinutes(random.Next(1, 120));
                var notBefore = random.Next(3) == 0 ? s.Now.AddMinutes(random.Next(1, 60)) : (DateTimeOffset?)null;
                if (notBefore is { } nb && expires is { } ex && nb >= ex)
                    notBefore = null;
                s.Send(new QueueCommand(id, "true", "tech", NotBefore: notBefore, ExpiresAt: expires));
                ids.Add(id);
            }
            else if (roll < 7)
            {
                s.Send(new MarkDispatched(ids[random.Next(ids.Count)], "wss"));
            }
            else if (roll < 8)
            {
                s.Send(new CancelCommand(ids[random.Next(ids.Count)], "tech"));
            }
            else
            {
                s.Advance(TimeSpan.FromMinutes(random.Next(1, 10)));
                s.Send(new Wake(s.Now));
            }
            Assert.Equal(Scan(s.State), s.NextDueAt);
        }
    }

    /// <summary>The earliest due time by a scan of every open command (what the entity computed before the table kept it).</summary>
    private static DateTimeOffset? Scan(EndpointState state)
    {
        DateTimeOffset? next = null;
        foreach (var command in state.Table.Open)
        {
            if (command.Status != CommandStatus.Queued)
                continue;
            if (command.ExpiresAt is { } expiresAt && (next is null || expiresAt < next))
                next = expiresAt;
            if (!command.Released && command.NotBefore is { } notBefore && (next is null || notBefore < next))
                next = notBefore;
        }
        return next;
    }
}
