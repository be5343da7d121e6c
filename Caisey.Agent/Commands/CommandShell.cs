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
        startInfo = new ProcessStartInfo(name == "cmd" ? "cmd.exe" : name, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        error = null;
        return true;
    }
}
