using System.ComponentModel;
using System.Diagnostics;

namespace Caisey.Agent.Commands;

/// <summary>
/// One shell per kind (<c>sh</c>, <c>bash</c>) started ahead of the next command, so that starting a process is off the
/// command's path. Each is <c>sh -c 'eval "$(cat)"'</c>: it runs nothing until the script arrives on its standard input
/// and that input is closed, then runs it as <c>sh -c script</c> would (same <c>$0</c>, no positional parameters, its
/// standard input at end of file). Every command still gets a fresh process; a shell is never used twice. Should the
/// agent die, the shell's input closes, it runs an empty script and exits.
/// </summary>
internal sealed class PrestartedShells(string workingDirectory) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Process> _idle = new(StringComparer.Ordinal);
    private long _used;
    private bool _disposed;

    /// <summary>Commands that ran in a shell started ahead of them.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Shells started and waiting for a script.</summary>
    public int Idle
    {
        get
        {
            lock (_lock)
                return _idle.Count;
        }
    }

    /// <summary>The idle shell of this kind, taken (the caller owns it), or null when none is ready.</summary>
    public Process? Take(string shell)
    {
        Process? process;
        lock (_lock)
        {
            if (!_idle.Remove(shell, out process))
                return null;
        }
        if (!process.HasExited)
            return process;
        process.Dispose();
        return null;
    }

    /// <summary>Hands <paramref name="script"/> to a shell taken with <see cref="Take"/>; false when it is gone (then disposed).</summary>
    public async Task<bool> TryStartAsync(Process process, string script)
    {
        try
        {
            await process.StandardInput.WriteAsync(script).ConfigureAwait(false);
            process.StandardInput.Close();
            Interlocked.Increment(ref _used);
            return true;
        }
        catch (IOException)
        {
            // It died while it waited (killed from outside): the caller starts a shell the usual way.
            KillAndDispose(process);
            return false;
        }
    }

    /// <summary>Starts a shell of this kind unless one is waiting already; quiet when it cannot (the next command starts its own).</summary>
    public void Prestart(string shell)
    {
        if (!CommandShell.TryCreatePrestartInfo(shell, out var startInfo))
            return;
        lock (_lock)
        {
            if (_disposed || _idle.ContainsKey(shell))
                return;
        }
        startInfo.WorkingDirectory = workingDirectory;
        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            process.Dispose();
            return;
        }
        lock (_lock)
        {
            if (!_disposed && _idle.TryAdd(shell, process))
                return;
        }
        Release(process);
    }

    /// <summary>Lets every idle shell go: each reads an empty script and exits.</summary>
    public void Dispose()
    {
        List<Process> idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle.Values];
            _idle.Clear();
        }
        foreach (var process in idle)
            Release(process);
    }

    private static void Release(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Gone already.
        }
        process.Dispose();
    }

    private static void KillAndDispose(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Exited.
        }
        process.Dispose();
    }
}
