namespace Caisey.Agent.Commands;

/// <summary>
/// What the agent's journal knows about a command id: when it started and, once it ended, its result.
/// A command with no result was running when the agent stopped, unless it is running now.
/// </summary>
public sealed record JournaledCommand(string CommandId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, CommandResult? Result)
{
    public bool IsFinished => Result is not null;
}
