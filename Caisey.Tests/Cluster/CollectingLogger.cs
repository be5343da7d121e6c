using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Caisey.Tests.Cluster;

/// <summary>Keeps warnings and errors of every node, for failure messages.</summary>
internal sealed class CollectingLogger<T>(string node, ConcurrentQueue<string> sink, long start) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            sink.Enqueue($"+{Stopwatch.GetElapsedTime(start).TotalMilliseconds:0}ms {node} {logLevel}: {formatter(state, exception)[..Math.Min(300, formatter(state, exception).Length)]}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
    }
}
