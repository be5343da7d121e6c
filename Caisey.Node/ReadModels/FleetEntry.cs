using Caisey.Node.Endpoints;

namespace Caisey.Node.ReadModels;

/// <summary>One endpoint in the fleet read model: its view (null until known) and its commands, behind one lock.</summary>
internal sealed class FleetEntry
{
    public Lock Gate { get; } = new();

    public EndpointView? View { get; set; }

    public Dictionary<string, CommandView> Commands { get; } = new(StringComparer.Ordinal);

    private int _pending;

    /// <summary>Sets a command's view and keeps the count of unfinished ones (call under <see cref="Gate"/>).</summary>
    /// <returns>True when the command is new or just finished: the pending count changed.</returns>
    public bool Set(CommandView command)
    {
        var before = Commands.GetValueOrDefault(command.Id);
        var wasPending = before is not null && !FleetReadModel.IsTerminal(before.Status);
        var isPending = !FleetReadModel.IsTerminal(command.Status);
        Commands[command.Id] = command;
        _pending += (isPending ? 1 : 0) - (wasPending ? 1 : 0);
        return before is null || wasPending != isPending;
    }

    /// <summary>Commands not yet terminal, kept by <see cref="Set"/> (the view's own count is only as fresh as its last check-in).</summary>
    public int PendingCommands()
    {
        lock (Gate)
            return _pending;
    }
}
