using System.Text;
using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Agent;

/// <summary>A sink that keeps what it is told and lets a test wait for a given piece of output.</summary>
public sealed class RecordingCommandSink : ICommandSink
{
    private readonly Lock _lock = new();
    private readonly List<CommandOutput> _output = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource Seen)> _waiters = [];

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<CommandOutput> Output
    {
        get
        {
            lock (_lock)
                return [.. _output];
        }
    }

    public string Text(OutputStream stream) =>
        string.Concat(Output.Where(o => o.Stream == stream).Select(o => o.Data));

    public string AllText => string.Concat(Output.Select(o => o.Data));

    /// <summary>Completes when all output so far satisfies <paramref name="predicate"/>.</summary>
    public Task WhenOutput(Func<string, bool> predicate)
    {
        lock (_lock)
        {
            if (predicate(AllTextLocked()))
                return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, seen));
            return seen.Task;
        }
    }

    public ValueTask StartedAsync(string commandId, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _output.Add(output);
            var text = AllTextLocked();
            foreach (var waiter in _waiters.Where(w => w.Predicate(text)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
        return ValueTask.CompletedTask;
    }

    private string AllTextLocked()
    {
        var builder = new StringBuilder();
        foreach (var output in _output)
            builder.Append(output.Data);
        return builder.ToString();
    }
}
