using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Bridge;

/// <summary>Reports a real <see cref="CommandExecutor"/> run of one command over the test agent's bridge, each frame acked before the next.</summary>
public sealed class BridgeCommandSink(TestAgent agent, string commandId) : ICommandSink
{
    public async ValueTask StartedAsync(string startedId, CancellationToken cancellationToken) =>
        await agent.RequestAsync(new CommandStarted(agent.NewId(), startedId));

    public async ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken) =>
        await agent.RequestAsync(output.ToFrame(agent.NewId(), commandId));
}
