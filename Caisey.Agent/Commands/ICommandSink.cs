namespace Caisey.Agent.Commands;

/// <summary>Receives what happens to a command while it runs; calls come one at a time, in order.</summary>
public interface ICommandSink
{
    /// <summary>The command's process started.</summary>
    ValueTask StartedAsync(string commandId, CancellationToken cancellationToken);

    /// <summary>A chunk of output was read; chunks arrive as the process writes, not only at the end.</summary>
    ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken);
}
