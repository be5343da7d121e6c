namespace Caisey.Agent.Commands;

/// <summary>How <see cref="CommandRunner"/> starts processes.</summary>
public sealed class CommandRunnerOptions
{
    /// <summary>Working directory of commands; null means the agent's own.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// How long to keep reading output after the shell has exited or been killed. A background process
    /// that keeps the output pipes open is not waited for longer; the result is then marked truncated.
    /// </summary>
    public TimeSpan OutputDrainTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Keep one <c>sh</c> (and, once used, one <c>bash</c>) started ahead of the next command, so that the command does
    /// not wait for a process to start (<see cref="PrestartedShells"/>). Off by default here; the agent turns it on
    /// (<c>caisey.agent.prestart-shell</c>).
    /// </summary>
    public bool PrestartShell { get; init; }

    /// <summary>Bytes read from a pipe at a time; a chunk is at most this long.</summary>
    public int ReadBufferBytes { get; init; } = 8192;
}
