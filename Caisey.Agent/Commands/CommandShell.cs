using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Caisey.Agent.Commands;

/// <summary>Turns a script and a shell name into a process to start.</summary>
public static class CommandShell
{
    /// <summary>The shell used when a command names none: <c>cmd</c> on Windows, <c>sh</c> elsewhere.</summary>
    public static string Default => OperatingSystem.IsWindows() ? "cmd" : "sh";

    /// <summary>Builds the start info, or says why the shell is not acceptable.</summary>
    public static bool TryCreateStartInfo(
        string? shell,
        string script,
        [NotNullWhen(true)] out ProcessStartInfo? startInfo,
        [NotNullWhen(false)] out string? error)
    {
        var name = string.IsNullOrWhiteSpace(shell) ? Default : shell;
        string[]? arguments = name switch
        {
            "sh" => ["-c", script],
            "bash" => ["--noprofile", "--norc", "-c", script],
            "pwsh" => ["-NoLogo", "-NoProfile", "-NonInteractive", "-Command", script],
            "cmd" when OperatingSystem.IsWindows() => ["/d", "/s", "/c", script],
            _ => null,
        };
        if (arguments is null)
        {
            startInfo = null;
            error = $"Shell '{name}' is not supported on this machine; use sh, bash, pwsh{(OperatingSystem.IsWindows() ? " or cmd" : "")}.";
            return false;
        }
        startInfo = Redirected(name == "cmd" ? "cmd.exe" : name, arguments);
        error = null;
        return true;
    }

    /// <summary>
    /// A shell that waits for its script on standard input (<see cref="PrestartedShells"/>): <c>sh</c> and <c>bash</c>
    /// outside Windows. <c>eval "$(cat)"</c> reads the script to the end of input, then runs it in the same shell, as
    /// <c>-c</c> would.
    /// </summary>
    public static bool TryCreatePrestartInfo(string? shell, [NotNullWhen(true)] out ProcessStartInfo? startInfo)
    {
        const string ReadThenRun = "eval \"$(cat)\"";
        var name = string.IsNullOrWhiteSpace(shell) ? Default : shell;
        string[]? arguments = OperatingSystem.IsWindows() ? null : name switch
        {
            "sh" => ["-c", ReadThenRun],
            "bash" => ["--noprofile", "--norc", "-c", ReadThenRun],
            _ => null,
        };
        startInfo = arguments is null ? null : Redirected(name, arguments);
        return startInfo is not null;
    }

    private static ProcessStartInfo Redirected(string fileName, string[] arguments) => new(fileName, arguments)
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
        CreateNoWindow = true,
    };
}
