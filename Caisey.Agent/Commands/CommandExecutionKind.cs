namespace Caisey.Agent.Commands;

/// <summary>How <see cref="CommandExecutor"/> produced a result.</summary>
public enum CommandExecutionKind
{
    /// <summary>The id was new: the command ran, once, now.</summary>
    Ran,

    /// <summary>The id had already finished: its stored result (and output) was returned without running.</summary>
    Replayed,

    /// <summary>The id had started before the agent restarted and never finished: failed with <c>agent-restarted</c>, not re-run.</summary>
    Interrupted,

    /// <summary>The id was running at the time: the caller waited for that run's result.</summary>
    Joined,
}
