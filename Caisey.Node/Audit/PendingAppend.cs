namespace Caisey.Node.Audit;

/// <summary>An append waiting for <see cref="AuditLog"/>'s writer; completed once its transaction is durable.
/// A null <paramref name="Entry"/> is a barrier: it completes once everything queued before it is durable.
/// <paramref name="MayWait"/>: nobody waits for it, so the writer may hold it a moment to share a commit.</summary>
internal sealed record PendingAppend(AuditEntry? Entry, bool MayWait = false)
{
    public TaskCompletionSource<AuditRecord?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
