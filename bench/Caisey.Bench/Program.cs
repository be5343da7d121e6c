using Caisey.Bench.Bridge;
using Caisey.Bench.Journal;

// Subcommands:
//   journal       SQLite journal throughput and replay against raw Microsoft.Data.Sqlite baselines
//   crash-writer  appends bursts until killed, printing each acknowledged append (used by JournalCrashTests)
return args switch
{
    ["journal", .. var rest] => await JournalBench.RunAsync(rest),
    ["crash-writer", .. var rest] => await CrashWriter.RunAsync(rest),
    ["rtt", .. var rest] => await RttBench.RunAsync(rest),
    ["throughput", .. var rest] => await ThroughputBench.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Caisey.Bench journal [--ids N] [--events N] [--reps N] [--sync full|normal|off]");
    Console.Error.WriteLine("       Caisey.Bench crash-writer --file PATH [--ids N]");
    return 2;
}
