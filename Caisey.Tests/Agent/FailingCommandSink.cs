using Caisey.Agent.Commands;

namespace Caisey.Tests.Agent;

/// <summary>A sink whose bridge is gone: every call throws.</summary>
public sealed class FailingCommandSink : ICommandSink
{
    public ValueTask StartedAsync(string commandId, CancellationToken cancellationToken) =>
        throw new IOException("bridge closed");

    public ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken) =>
        throw new IOException("bridge closed");
}
