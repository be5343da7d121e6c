using Caisey.Protocol.Frames;

namespace Caisey.Agent.Commands;

/// <summary>
/// Runs each command id at most once on this machine, guarded by <see cref="AgentCommandJournal"/>:
/// a new id is journaled as started, then run, then its result journaled; a finished id returns its
/// stored result and replays its output; an id that started before the agent restarted fails with
/// <c>agent-restarted</c> and is never re-run; a duplicate of a running id waits for that run.
/// </summary>
public sealed class CommandExecutor(AgentCommandJournal journal, CommandRunner runner)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RunningCommand> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Executes <paramref name="request"/> exactly once. Cancelling <paramref name="cancellationToken"/>
    /// cancels the command if this call runs it (the result is then <c>cancelled</c>), or stops waiting if
    /// it joined a run already in progress.
    /// </summary>
    public async Task<CommandExecution> ExecuteAsync(CommandRequest request, ICommandSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        RunningCommand? running;
        var mine = new RunningCommand();
        lock (_lock)
        {
            if (!_running.TryGetValue(request.CommandId, out running))
                _running.Add(request.CommandId, mine);
        }
        if (running is not null)
        {
            mine.Dispose();
            var joined = await running.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new CommandExecution(joined, CommandExecutionKind.Joined);
        }
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, mine.Cancellation.Token);
            var execution = await ExecuteOnceAsync(request, sink, linked.Token).ConfigureAwait(false);
            mine.Completion.TrySetResult(execution.Result);
            return execution;
        }
        catch (Exception e)
        {
            mine.Completion.TrySetException(e);
            throw;
        }
        finally
        {
            lock (_lock)
                _running.Remove(request.CommandId);
            mine.Dispose();
        }
    }

    /// <summary>Cancels the command if it is running now; false when it is not.</summary>
    public bool Cancel(string commandId)
    {
        lock (_lock)
        {
            if (!_running.TryGetValue(commandId, out var running))
                return false;
            running.Cancellation.Cancel();
            return true;
        }
    }

    private async Task<CommandExecution> ExecuteOnceAsync(CommandRequest request, ICommandSink sink, CancellationToken cancellationToken)
    {
        var id = request.CommandId;
        var known = await journal.FindAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (known is { Result: { } stored })
        {
            foreach (var chunk in await journal.ReadOutputAsync(id, CancellationToken.None).ConfigureAwait(false))
                await sink.OutputAsync(chunk, cancellationToken).ConfigureAwait(false);
            return new CommandExecution(stored, CommandExecutionKind.Replayed);
        }
        if (known is not null || !await journal.TryStartAsync(id, CancellationToken.None).ConfigureAwait(false))
        {
            var interrupted = CommandResult.Failed(id, CommandFailureReasons.AgentRestarted,
                $"The agent restarted while this command was running (started {known?.StartedAt:O}); it was not run again.");
            await journal.FinishAsync(interrupted, [], CancellationToken.None).ConfigureAwait(false);
            return new CommandExecution(interrupted, CommandExecutionKind.Interrupted);
        }

        var recorder = new RecordingSink(sink);
        CommandResult result;
        try
        {
            result = await runner.RunAsync(request, recorder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = CommandResult.Failed(id, CommandFailureReasons.AgentError, $"The agent failed while running the command: {e.Message}");
        }
        await journal.FinishAsync(result, recorder.Output, CancellationToken.None).ConfigureAwait(false);
        return new CommandExecution(result, CommandExecutionKind.Ran);
    }
}
