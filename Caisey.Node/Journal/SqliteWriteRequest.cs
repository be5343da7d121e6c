namespace Caisey.Node.Journal;

/// <summary>
/// A write handed to the <see cref="SqliteWriter"/>. It runs inside the batch's transaction under its own
/// savepoint; its outcome is published only after the batch commits (or fails with the commit).
/// </summary>
internal abstract class SqliteWriteRequest(string persistenceId, CancellationToken cancellationToken) : IWriterRequest
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _result;
    private Exception? _error;

    public string PersistenceId { get; } = persistenceId;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<long> Completion => _completion.Task;

    /// <summary>Events this request stores when it succeeds (0 for non-appends).</summary>
    public virtual int EventCount => 0;

    public bool Succeeded => _error is null;

    /// <summary>Does the request's writes; throws to fail only this request.</summary>
    public abstract long Execute(SqliteWriter writer, long timestamp);

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
