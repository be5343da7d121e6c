namespace Caisey.Agent.Commands;

/// <summary>
/// Keeps every output chunk for the journal and forwards to the caller's sink. A sink that fails (the
/// bridge went away) is not called again, but the command keeps running: its output is journaled and
/// replayed when the command id is dispatched again.
/// </summary>
internal sealed class RecordingSink(ICommandSink inner) : ICommandSink
{
    private readonly List<CommandOutput> _output = [];
    private bool _innerFailed;

    public IReadOnlyList<CommandOutput> Output => _output;

    public ValueTask StartedAsync(string commandId, CancellationToken cancellationToken) =>
        ForwardAsync(s => s.StartedAsync(commandId, cancellationToken));

    public ValueTask OutputAsync(CommandOutput output, CancellationToken cancellationToken)
    {
        _output.Add(output);
        return ForwardAsync(s => s.OutputAsync(output, cancellationToken));
    }

    private async ValueTask ForwardAsync(Func<ICommandSink, ValueTask> call)
    {
        if (_innerFailed)
            return;
        try
        {
            await call(inner).ConfigureAwait(false);
        }
        catch (Exception)
        {
            _innerFailed = true;
        }
    }
}
