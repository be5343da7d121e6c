namespace Caisey.Tests.Agent;

/// <summary>Waits with a deadline, failing with a message that says what was expected.</summary>
public static class Bounded
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static async Task<T> Within<T>(this Task<T> task, string expectation, TimeSpan? timeout = null)
    {
        await Within((Task)task, expectation, timeout);
        return await task;
    }

    public static async Task Within(this Task task, string expectation, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Expected {expectation} within {limit.TotalSeconds:0.#} s, but it did not happen.");
        }
    }
}
