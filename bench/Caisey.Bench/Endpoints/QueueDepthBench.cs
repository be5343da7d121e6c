using System.Diagnostics;
using System.Globalization;
using System.Text;
using Caisey.Bench.Bridge;
using Caisey.Bench.Journal;
using Caisey.Node.Endpoints;

namespace Caisey.Bench.Endpoints;

/// <summary>
/// <c>Caisey.Bench queue-depth</c>: what one submit costs the endpoint entity (decide, fold its events, the next due time
/// — the entity runtime's step without the journal) when the machine is offline with N commands already queued. The
/// baseline is the same step at a depth of 10, in the same run; the goal is a cost that does not grow with the queue.
/// </summary>
internal static class QueueDepthBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var submits = options.GetInt("submits", 2000);
        int[] depths = [10, 1_000, 10_000, 50_000];
        var behavior = new EndpointBehavior();
        var now = DateTimeOffset.UtcNow;
        var results = new List<(int Depth, double Micros, double AllocatedKiB)>();
        // JIT warm-up: the tiered JIT promotes the step's code after a few thousand calls (and a background pause).
        for (var round = 0; round < 3; round++)
        {
            var warm = Enrolled(behavior, now);
            for (var i = 0; i < 2_000; i++)
                warm = Step(behavior, warm, i, now);
            await Task.Delay(200);
        }
        foreach (var depth in depths)
        {
            var state = Enrolled(behavior, now);
            for (var i = 0; i < depth; i++)
                state = Step(behavior, state, i, now);
            // Every measured submit starts from the same state, N queued: the cost at exactly that depth.
            var allocated0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < submits; i++)
                _ = Step(behavior, state, depth + i, now);
            var micros = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / submits;
            var kib = (GC.GetAllocatedBytesForCurrentThread() - allocated0) / 1024.0 / submits;
            results.Add((depth, micros, kib));
            System.Console.Error.WriteLine($"  depth {depth:N0}: {micros:N1} µs, {kib:N1} KiB allocated per submit");
        }
        var baseline = results[0].Micros;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## One submit to an offline machine with N commands queued — the endpoint entity's step without the journal, {submits} submits per depth");
        sb.AppendLine();
        sb.AppendLine("| commands queued | µs per submit | KiB allocated per submit | ÷ depth 10 |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (depth, micros, kib) in results)
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {depth:N0} | {micros:N1} | {kib:N1} | {micros / baseline:0.0}× |");
        sb.AppendLine();
        sb.AppendLine("Goal: a submit's cost does not grow with the queue (≤ 2× depth 10's at 10,000 queued).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- queue-depth --submits {submits}`");
        await ResultsFile.WriteAsync("queue-depth", sb.ToString());
        return 0;
    }

    private static EndpointState Enrolled(EndpointBehavior behavior, DateTimeOffset now)
    {
        var initial = behavior.Initial("ep_bench");
        return Fold(behavior, initial, behavior.Decide(initial, new Enroll("default", "bench", "linux", "1.0"), now));
    }

    /// <summary>One submit: decide, fold the events, ask the next due time — as the entity runtime's step does.</summary>
    private static EndpointState Step(EndpointBehavior behavior, EndpointState state, int n, DateTimeOffset now)
    {
        var id = "cmd_" + n.ToString("D8", CultureInfo.InvariantCulture);
        var next = Fold(behavior, state, behavior.Decide(state, new QueueCommand(id, "true", "admin", ExpiresAt: now.AddDays(1)), now));
        _ = behavior.NextDueAt(next);
        return next;
    }

    private static EndpointState Fold(EndpointBehavior behavior, EndpointState state, Caisey.Node.Runtime.Decision decision) =>
        decision.Events.Aggregate(state, behavior.Apply);
}
