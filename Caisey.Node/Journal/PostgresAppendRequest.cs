namespace Caisey.Node.Journal;

/// <summary>
/// An append handed to the <see cref="PostgresWriter"/>; its outcome is recorded during the batch and published only
/// after the batch commits (or fails with the commit).
/// </summary>
internal sealed class PostgresAppendRequest(
    string persistenceId, long expectedSequenceNr, SerializedEvent[] events, WriteFence? fence, CancellationToken cancellationToken) : IWriterRequest
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _result;
    private Exception? _error;

    public string PersistenceId { get; } = persistenceId;

    public long ExpectedSequenceNr { get; } = expectedSequenceNr;

    public SerializedEvent[] Events { get; } = events;

    /// <summary>The lease the append is written under; null when the journal is not fenced.</summary>
    public WriteFence? Fence { get; } = fence;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<long> Completion => _completion.Task;

    public bool Succeeded => _error is null;

    public void SetOutcome(long result, Exception? error)
    {
        _result = result;
        _error = error;
    }

    /// <summary>Completes the caller's task with the outcome recorded in the batch, or with <paramref name="batchError"/>.</summary>
    public void Publish(Exception? batchError = null)
    {
        var error = batchError ?? _error;
        if (error is null)
            _completion.TrySetResult(_result);
        else
            _completion.TrySetException(error);
    }

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
