using Caisey.Node.Endpoints;

namespace Caisey.Node.ReadModels;

/// <summary>One endpoint in the fleet read model: its view (null until known) and its commands, behind one lock.</summary>
internal sealed class FleetEntry
{
    public Lock Gate { get; } = new();

    public EndpointView? View { get; set; }

    public Dictionary<string, CommandView> Commands { get; } = new(StringComparer.Ordinal);

    /// <summary>Commands not yet terminal, counted from the commands (the view's count is only as fresh as its last check-in).</summary>
    public int PendingCommands()
    {
        lock (Gate)
            return Commands.Values.Count(c => !FleetReadModel.IsTerminal(c.Status));
    }
}
