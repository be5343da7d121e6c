using System.Diagnostics;

namespace Caisey.Tests.EndToEnd;

/// <summary>Polls a real process's API until a condition holds, with a deadline and a message that says what was expected.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Where waits report how long they took (the running test's output, set by <see cref="EndToEndRig"/>), so slow steps
    /// show in the logs. One slot is enough: the end-to-end collection runs one test at a time.
    /// </summary>
    public static Action<string>? Log { get; set; }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds; returns the value that satisfied it.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, string expectation, Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        T last = default!;
        var seen = false;
        Exception? lastError = null;
        while (clock.Elapsed < within)
        {
            try
            {
                last = await read();
                seen = true;
                lastError = null;
                if (done(last))
                {
                    Log?.Invoke($"{DateTime.UtcNow:HH:mm:ss.fff} waited {clock.ElapsedMilliseconds} ms for {expectation}");
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                lastError = e;
            }
            catch (TaskCanceledException e)
            {
                lastError = e;
            }
            await Task.Delay(Interval);
        }
        var lastSeen = !seen ? "nothing was read" : describe is null ? $"last seen: {last}" : $"last seen: {describe(last)}";
        Assert.Fail($"Expected {expectation} within {within.TotalSeconds:0.#} s, but it did not happen ({lastSeen}{(lastError is null ? "" : $"; last error: {lastError.Message}")}).");
        return last;
    }

    /// <summary>
    /// Asserts that <paramref name="holds"/> stays true for <paramref name="duration"/> (a negative observation, which
    /// needs a window; it synchronizes nothing).
    /// </summary>
    public static async Task StaysAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan duration, string expectation, Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        do
        {
            var value = await read();
            Assert.True(holds(value), $"Expected {expectation} for {duration.TotalSeconds:0.#} s, but after {clock.Elapsed.TotalSeconds:0.#} s: {(describe is null ? value : describe(value))}");
            await Task.Delay(Interval);
        }
        while (clock.Elapsed < duration);
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan within, string expectation) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, within, expectation);
}
