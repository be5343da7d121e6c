namespace Caisey.Agent.Commands;

/// <summary>A command this agent process is running now: its cancellation and the result its duplicates wait for.</summary>
internal sealed class RunningCommand : IDisposable
{
    public CancellationTokenSource Cancellation { get; } = new();

    public TaskCompletionSource<CommandResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose() => Cancellation.Dispose();
}
