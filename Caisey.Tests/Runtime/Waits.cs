namespace Caisey.Tests.Runtime;

/// <summary>Bounded waits on explicit signals; a timeout says what was expected.</summary>
public static class Waits
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static async Task<T> Within<T>(this Task<T> task, string expectation)
    {
        await Within((Task)task, expectation);
        return await task;
    }

    public static async Task Within(this Task task, string expectation)
    {
        try
        {
            await task.WaitAsync(Bound);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Expected within {Bound.TotalSeconds:0} s: {expectation}.");
        }
    }
}
