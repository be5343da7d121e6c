using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

/// <summary>Turns a running command's events into request frames in the outbox.</summary>
internal sealed class BridgeCommandSink(string commandId, BridgeOutbox outbox) : ICommandSink
{
    public ValueTask StartedAsync(string commandId, CancellationToken cancellationToken)
    {
        outbox.Enqueue(new CommandStarted(BridgeIds.New(), commandId));
        return ValueTask.CompletedTask;
    }

    public ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken)
    {
        outbox.Enqueue(output.ToFrame(BridgeIds.New(), commandId));
        return ValueTask.CompletedTask;
    }
}
