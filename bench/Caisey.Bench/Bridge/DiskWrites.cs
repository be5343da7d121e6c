namespace Caisey.Bench.Bridge;

/// <summary>
/// The bytes this process sent to the block device over a window (<c>write_bytes</c> in <c>/proc/self/io</c>): the
/// journal's and the audit log's WAL frames and checkpoints. Session 7 found the throughput leg bound by it; session 8
/// cut it by a fifth to a quarter per command and found the leg mostly CPU-bound after that (bench/README).
/// </summary>
internal sealed class DiskWrites
{
    private readonly long? _start = Read();

    /// <summary>Bytes written since construction, or null where /proc/self/io is not readable.</summary>
    public long? Bytes() => _start is { } start && Read() is { } now ? now - start : null;

    private static long? Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan("write_bytes:".Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }
}
