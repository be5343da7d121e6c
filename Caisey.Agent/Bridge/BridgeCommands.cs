using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;
using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Bridge;

/// <summary>
/// Runs the commands the node sends, outside any one bridge: a command keeps running when its bridge
/// drops, and its frames wait in the <see cref="BridgeOutbox"/> for the next one.
/// </summary>
public sealed partial class BridgeCommands(CommandExecutor executor, BridgeOutbox outbox, long outputLimitBytes, ILogger logger)
{
    private int _running;

    /// <summary>Commands running now.</summary>
    public int RunningCount => Volatile.Read(ref _running);

    /// <summary>Starts <paramref name="frame"/>'s command (exactly once per commandId, see <see cref="CommandExecutor"/>).</summary>
    public void Start(RunCommand frame, CancellationToken stopping)
    {
        var request = CommandRequest.From(frame) is var r && r.OutputLimitBytes > outputLimitBytes
            ? r with { OutputLimitBytes = outputLimitBytes }
            : r;
        outbox.Enqueue(new CommandAccepted(BridgeIds.New(), frame.CommandId));
        Interlocked.Increment(ref _running);
        _ = RunAsync(request, stopping);
    }

    /// <summary>Cancels a running command; false when it is not running.</summary>
    public bool Cancel(string commandId) => executor.Cancel(commandId);

    private async Task RunAsync(CommandRequest request, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            var execution = await executor.ExecuteAsync(request, new BridgeCommandSink(request.CommandId, outbox), stopping).ConfigureAwait(false);
            outbox.Enqueue(execution.Result.ToFrame(BridgeIds.New()));
            LogCommandEnded(logger, request.CommandId, execution.Kind, execution.Result.FailureReason ?? "succeeded");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The agent is stopping while this id ran elsewhere; the node re-dispatches and the journal answers.
        }
        catch (Exception e)
        {
            LogCommandError(logger, e, request.CommandId);
            outbox.Enqueue(CommandResult.Failed(request.CommandId, CommandFailureReasons.AgentError, e.Message).ToFrame(BridgeIds.New()));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {CommandId} ended ({Kind}): {Outcome}")]
    private static partial void LogCommandEnded(ILogger logger, string commandId, CommandExecutionKind kind, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Command {CommandId} failed inside the agent")]
    private static partial void LogCommandError(ILogger logger, Exception exception, string commandId);
}
