using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Caisey.Bench.Bridge;

/// <summary>
/// <c>rtt --alloc-types N</c>: which types the measured run allocates, from the runtime's own sampling (a
/// <c>GCAllocationTick</c> event about every 100 KB allocated, naming the type that crossed the mark — so counts are
/// proportional to bytes). Printed to stderr; a diagnostic, not a figure.
/// </summary>
internal sealed class AllocProbe : EventListener
{
    private readonly ConcurrentDictionary<string, long> _byType = new(StringComparer.Ordinal);
    private volatile bool _on;

    public void Start() => _on = true;

    public void Stop() => _on = false;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true)
            return;
        var i = eventData.PayloadNames?.IndexOf("TypeName") ?? -1;
        var name = i >= 0 ? eventData.Payload![i] as string ?? "?" : "?";
        _byType.AddOrUpdate(name, 1, (_, n) => n + 1);
    }

    public void Print(int top)
    {
        var total = Math.Max(1, _byType.Values.Sum());
        System.Console.Error.WriteLine($"  allocation samples by type (of {total}, ~100 KB each):");
        foreach (var (type, n) in _byType.OrderByDescending(p => p.Value).Take(top))
            System.Console.Error.WriteLine($"  {100.0 * n / total,5:0.0}%  {type}");
    }
}
