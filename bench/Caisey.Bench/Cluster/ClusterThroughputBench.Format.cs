using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Caisey.Bench.Cluster;

internal static partial class ClusterThroughputBench
{
    private static string Format(Settings s, Result r, double perCommand, string byManifest, double batchedRows, double perCommitRows)
    {
        string N(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string P(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var rows = (int)Math.Round(perCommand);
        var ceiling = batchedRows / perCommand;
        var oneCommitEach = perCommitRows / perCommand;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Cluster: durable commands/s — {s.Nodes} node process(es) on one PostgreSQL, {s.Agents} simulated agents, {s.Seconds} s after {Warmup.TotalSeconds} s warm-up, ≤ {s.Inflight} in flight, {s.Submitters} submitters round robin over every node's API");
        sb.AppendLine();
        sb.AppendLine("| measure | figure | round trip p50 / p99 (POST → finish acked) | submit p50 / p99 (POST → 202) | baseline | ratio |");
        sb.AppendLine("|---|---|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (a) raw multi-row INSERT, 500 rows/commit, 1 connection | {N(batchedRows)} rows/s = {N(ceiling)} commands/s at {P(perCommand)} rows each | | | | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| (b) raw multi-row INSERT, {rows} rows (one command's) per commit, 1 connection | {N(perCommitRows)} rows/s = {N(oneCommitEach)} commands/s | | | | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **durable commands/s, {s.Nodes} node(s)** | **{N(r.CommandsPerSecond)}** | {r.RoundTrip} | {r.Submit} | (a) {N(ceiling)}/s | **{P(100 * r.CommandsPerSecond / ceiling)}%** of (a), {P(100 * r.CommandsPerSecond / oneCommitEach)}% of (b) |");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Goal (BENCH.md): ≥ 50% of (a) — {(r.CommandsPerSecond >= ceiling / 2 ? "met" : "missed")}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Events per command {P(perCommand)} (journal rows by manifest: {byManifest}). Agents that followed a 421 to the owner: {r.Redirected} of {s.Agents}; agents with a bridge error: {r.AgentErrors}; submits refused (not 202, whole run incl. warm-up): {r.Refused}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"CPU during the measured window, % of {Environment.ProcessorCount} cores: node processes {P(r.NodeCpuPercent)}%, load generator {P(r.BenchCpuPercent)}% (PostgreSQL, same host, not counted). Cluster settings: {(r.ClusterSettings.Length == 0 ? "production defaults" : r.ClusterSettings)}.");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Reproduce: `dotnet run -c Release --project bench/Caisey.Bench -- cluster-throughput --connection-string 'Host=127.0.0.1;Username=caisey;Password=caisey;Database=postgres' --nodes {s.Nodes} --agents {s.Agents} --seconds {s.Seconds} --inflight {s.Inflight} --submitters {s.Submitters}`");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; nodes, load generator and PostgreSQL on the same host.");
        return sb.ToString();
    }
}
