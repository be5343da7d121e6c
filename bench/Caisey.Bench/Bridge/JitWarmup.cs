using System.Diagnostics;
using System.Runtime;

namespace Caisey.Bench.Bridge;

/// <summary>
/// Warm-up that ends when the JIT has settled, not after a fixed count. Tiered compilation keeps re-compiling hot methods
/// (tier 0 → instrumented → tier 1) on a background thread for tens of seconds after start; on a 2-core machine that
/// thread took ~40% of the samples 15–20 s into an <c>rtt</c> run, so a measurement taken then mixes the node's cost
/// with the JIT's. A node runs for days: the figures are for the settled process, and each report says how many methods
/// were compiled during its measured window (0 or a handful when settled).
/// </summary>
internal static class JitWarmup
{
    /// <summary>Methods the JIT has compiled in this process so far (every tier, every thread).</summary>
    public static long CompiledMethods => JitInfo.GetCompiledMethodCount(currentThread: false);

    /// <summary>
    /// Runs <paramref name="step"/> in rounds of <paramref name="round"/> until a round compiles at most
    /// <paramref name="quietMethods"/> methods — after at least <paramref name="minSteps"/> steps, at most
    /// <paramref name="maxTime"/>. Returns the steps run, the time taken and whether the JIT settled.
    /// </summary>
    public static async Task<(int Steps, TimeSpan Time, bool Settled)> RunAsync(
        Func<Task> step, int minSteps, int round, TimeSpan maxTime, int quietMethods = 0)
    {
        var clock = Stopwatch.StartNew();
        var steps = 0;
        while (true)
        {
            var before = CompiledMethods;
            for (var i = 0; i < round; i++, steps++)
                await step();
            // Tier-1 re-compiles are queued after a 100 ms call-counting delay: give the background worker its turn.
            await Task.Delay(200);
            var compiled = CompiledMethods - before;
            if (steps >= minSteps && compiled <= quietMethods)
                return (steps, clock.Elapsed, true);
            if (clock.Elapsed >= maxTime)
                return (steps, clock.Elapsed, false);
        }
    }

    /// <summary>Waits, with work running elsewhere, until a one-second window compiles at most <paramref name="quietMethods"/> methods.</summary>
    public static async Task<(TimeSpan Time, bool Settled)> WaitAsync(TimeSpan minTime, TimeSpan maxTime, int quietMethods = 0)
    {
        var clock = Stopwatch.StartNew();
        await Task.Delay(minTime);
        while (true)
        {
            var before = CompiledMethods;
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (CompiledMethods - before <= quietMethods)
                return (clock.Elapsed, true);
            if (clock.Elapsed >= maxTime)
                return (clock.Elapsed, false);
        }
    }
}
