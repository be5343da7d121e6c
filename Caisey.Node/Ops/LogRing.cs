using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace Caisey.Node.Ops;

/// <summary>
/// A Serilog sink keeping the node's last <see cref="Capacity"/> log lines in memory for <c>ops log peek</c>. Bounded: the
/// oldest line goes when a new one comes, and each line is cut at <see cref="MaxLineLength"/> characters.
/// </summary>
public sealed class LogRing : ILogEventSink
{
    public const int DefaultCapacity = 2_000;
    public const int MaxLineLength = 8_192;
    public const string OutputTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}";

    private readonly MessageTemplateTextFormatter _formatter = new(OutputTemplate);
    private readonly Lock _gate = new();
    private readonly Queue<string> _lines;

    public LogRing(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _lines = new Queue<string>(capacity);
    }

    public int Capacity { get; }

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _formatter.Format(logEvent, writer);
        var line = writer.ToString().TrimEnd('\r', '\n');
        if (line.Length > MaxLineLength)
            line = string.Concat(line.AsSpan(0, MaxLineLength), " …");
        lock (_gate)
        {
            if (_lines.Count == Capacity)
                _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    /// <summary>The last <paramref name="count"/> lines (fewer when fewer were logged), oldest first.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
            return [.. _lines.Skip(Math.Max(0, _lines.Count - count))];
    }
}
