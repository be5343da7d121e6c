namespace Caisey.Node.Runtime;

/// <summary>A message in an entity's mailbox.</summary>
internal sealed class Envelope<TMessage>(TMessage message, TaskCompletionSource<object?>? reply, bool isWake, CancellationToken cancellationToken)
{
    public TMessage Message { get; } = message;

    /// <summary>Null for <c>Tell</c>.</summary>
    public TaskCompletionSource<object?>? Reply { get; } = reply;

    /// <summary>Delivered by the wake-up scheduler.</summary>
    public bool IsWake { get; } = isWake;

    public CancellationToken CancellationToken { get; } = cancellationToken;
}
