using Caisey.Bench.Bridge;
using Caisey.Bench.Cluster;
using Caisey.Bench.Endpoints;
using Caisey.Bench.Journal;

// Subcommands:
//   journal       SQLite journal throughput and replay against raw Microsoft.Data.Sqlite baselines
//   pg-journal    PostgreSQL journal appends and replay against raw Npgsql multi-row INSERT / SELECT baselines
//   rtt           durable command round trip (one simulated agent) vs WebSocket echo and one SQLite commit
//   agent-rtt     real-agent round trip: `echo hi` through a Caisey.Agent process vs the same script run directly
//   throughput    sustained durable commands/s over 1,000 simulated agents vs a raw batched-insert ceiling
//   cluster-throughput  durable commands/s of 1 or 3 node processes on one PostgreSQL vs a raw multi-row INSERT loop
//   failover      kill -9 of a cluster node: time until its endpoints serve again through the survivors
//   queue-depth   one submit to an offline machine's entity (no journal) with 10 to 50,000 commands queued
//   idle          memory per idle connected agent vs a bare Kestrel WebSocket server (child processes)
//   bridge-server the child process of `idle` (a node or a bare WebSocket server, measured on stdin command)
//   crash-writer  appends bursts until killed, printing each acknowledged append (used by JournalCrashTests)
// The benches that host the node in this process run it with Caisey.Node's own GC (server; NodeGcMode).
if (args is ["rtt" or "throughput" or "agent-rtt", ..] && await NodeGcMode.RunInWantedModeAsync(args) is { } exitCode)
    return exitCode;

return args switch
{
    ["journal", .. var rest] => await JournalBench.RunAsync(rest),
    ["pg-journal", .. var rest] => await PgJournalBench.RunAsync(rest),
    ["crash-writer", .. var rest] => await CrashWriter.RunAsync(rest),
    ["rtt", .. var rest] => await RttBench.RunAsync(rest),
    ["agent-rtt", .. var rest] => await AgentRttBench.RunAsync(rest),
    ["throughput", .. var rest] => await ThroughputBench.RunAsync(rest),
    ["cluster-throughput", .. var rest] => await ClusterThroughputBench.RunAsync(rest),
    ["failover", .. var rest] => await FailoverBench.RunAsync(rest),
    ["idle", .. var rest] => await IdleBench.RunAsync(rest),
    ["queue-depth", .. var rest] => await QueueDepthBench.RunAsync(rest),
    ["bridge-server", .. var rest] => await BridgeServerCommand.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Caisey.Bench journal [--ids N] [--events N] [--reps N] [--sync full|normal|off]");
    Console.Error.WriteLine("       Caisey.Bench pg-journal --connection-string CS [--ids N] [--events N]");
    Console.Error.WriteLine("       Caisey.Bench rtt [--commands N] [--warmup N] [--rounds N] [--bare false] [--sync full|normal|off] [--alloc-types N] [--gc server|workstation]");
    Console.Error.WriteLine("       Caisey.Bench queue-depth [--submits N]");
    Console.Error.WriteLine("       Caisey.Bench agent-rtt [--commands N] [--warmup N] [--gap-ms N] [--sync full|normal|off] [--set k=v] [--agent-set k=v] [--gc server|workstation]");
    Console.Error.WriteLine("       Caisey.Bench throughput [--agents N] [--seconds N] [--inflight N] [--submitters N] [--sync full|normal|off] [--gc server|workstation]");
    Console.Error.WriteLine("       Caisey.Bench cluster-throughput --connection-string CS [--nodes 1|3] [--agents N] [--seconds N] [--inflight N] [--submitters N]");
    Console.Error.WriteLine("       Caisey.Bench failover --connection-string CS [--agents N] [--reps N] [--timings fast|production|both]");
    Console.Error.WriteLine("       Caisey.Bench idle [--agents N] [--settle SECONDS] [--sources N]");
    Console.Error.WriteLine("       Caisey.Bench crash-writer --file PATH [--ids N]");
    return 2;
}
