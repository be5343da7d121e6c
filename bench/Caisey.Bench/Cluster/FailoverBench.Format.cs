using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Caisey.Bench.Journal;

namespace Caisey.Bench.Cluster;

internal static partial class FailoverBench
{
    private const double GoalMs = 5000;

    private static string Format(int agents, int reps, string timings, List<Profile> profiles)
    {
        string Ms(double v) => double.IsNaN(v) ? "—" : v.ToString("N0", CultureInfo.InvariantCulture) + " ms";
        static double Max(double[] v) => v.Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Max();
        static double Med(double[] v) => Percentiles.Median(v.Where(x => !double.IsNaN(x)));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Cluster failover — 3 node processes on one PostgreSQL, {agents} simulated agents (real agent's reconnect policy), background commands; kill -9 of an owner, {reps} repetitions per timing");
        sb.AppendLine();
        sb.AppendLine("Per endpoint the killed node owned, from the SIGKILL: a command submitted through a survivor was accepted (202), its agent's bridge was back (on the new owner), the command succeeded (= its endpoint serves again). Median / max across those endpoints.");
        sb.AppendLine();
        sb.AppendLine("| timings | rep | killed (endpoints) | 202 via survivor median / max | bridge back median / max | **serves again median / max** | background failures | baseline: lease duration | goal ≤ 5 s (max) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var profile in profiles)
        {
            var lease = profile.Name.StartsWith("production", StringComparison.Ordinal) ? "2,000 ms" : "1,500 ms";
            for (var i = 0; i < profile.Repetitions.Count; i++)
            {
                var r = profile.Repetitions[i];
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {profile.Name} | {i + 1} | {r.Victim} ({r.Endpoints}) | {Ms(Med(r.AcceptedMs))} / {Ms(Max(r.AcceptedMs))} | {Ms(Med(r.BridgeMs))} / {Ms(Max(r.BridgeMs))} | **{Ms(Med(r.SucceededMs))} / {Ms(Max(r.SucceededMs))}** | {r.BackgroundFailures} | {lease} | {(Max(r.SucceededMs) <= GoalMs ? "met" : "missed")} |");
            }
            var all = profile.Repetitions.SelectMany(r => r.SucceededMs).ToArray();
            var medians = profile.Repetitions.Select(r => Med(r.SucceededMs)).ToArray();
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {profile.Name} | **all** | | | | **median of rep medians {Ms(Med(medians))}; max {Ms(Max(all))}** | | {lease} | {(Max(all) <= GoalMs ? "met" : "missed")} |");
        }
        sb.AppendLine();
        sb.AppendLine("Peer: Akka.NET Cluster's default failure detection + downing takes about 45 s before a dead member's shards move.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- failover --connection-string 'Host=127.0.0.1;Username=caisey;Password=caisey;Database=postgres' --agents {agents} --reps {reps} --timings {timings}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; nodes, load generator and PostgreSQL on the same host.");
        return sb.ToString();
    }
}
