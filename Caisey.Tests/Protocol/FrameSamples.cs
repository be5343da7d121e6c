using Caisey.Protocol.Frames;

namespace Caisey.Tests.Protocol;

/// <summary>One filled-in example of every frame type.</summary>
public static class FrameSamples
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 10, 30, 0, TimeSpan.Zero);

    public static AgentInventory Inventory { get; } = new(
        "web-01", "linux", "Linux 6.1.0 #1 SMP", "x64", "1.2.3+abc", 4, At,
        OsName: "Debian GNU/Linux 12 (bookworm)", KernelVersion: "6.1.0-26-amd64", UptimeSeconds: 86400,
        LoadAverage1m: 0.5, LoadAverage5m: 0.25, LoadAverage15m: 0.125, FreeDiskBytes: 10_000_000_000,
        TotalDiskBytes: 50_000_000_000, PendingUpdates: 3);

    public static IEnumerable<Frame> All { get; } =
    [
        new Hello("f-1", "ep-1", "1.2.3", BridgeProtocol.CurrentVersion, ["f-0", "f-00"]),
        new CheckIn("f-2", Inventory),
        new Ack("f-3", "f-2"),
        new CommandAccepted("f-4", "cmd-1"),
        new CommandStarted("f-5", "cmd-1"),
        new OutputChunk("f-6", "cmd-1", 7, OutputStream.Stderr, "héllo \"wörld\"\n"),
        new CommandFinished("f-7", "cmd-1", 3, 1234, false, 56),
        new CommandFailed("f-8", "cmd-1", CommandFailureReasons.OutputLimit, "Output passed its limit", 2048, 99),
        new Pong("f-9", "f-14"),
        new Welcome("f-10", "f-1", "node-a", BridgeProtocol.CurrentVersion, 60_000),
        new RunCommand("f-11", "cmd-1", "uname -a", "sh", 30, 1_048_576),
        new CancelCommand("f-12", "cmd-1"),
        new Ping("f-14"),
        new Close("f-13", "idle", 5_000),
        new ApprovalRequest("f-15", "apr-1", "commands", "tech wants to run a command", "tech", new DateTimeOffset(2026, 1, 1, 8, 15, 0, TimeSpan.Zero), 60),
        new ApprovalAnswer("f-16", "apr-1", true),
    ];

    public static TheoryData<Frame> Theory()
    {
        var data = new TheoryData<Frame>();
        foreach (var frame in All)
            data.Add(frame);
        return data;
    }
}
