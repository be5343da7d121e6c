namespace Caisey.Node.Audit;

/// <summary>An append waiting for <see cref="AuditLog"/>'s writer; completed once its transaction is durable.</summary>
internal sealed record PendingAppend(AuditEntry Entry)
{
    public TaskCompletionSource<AuditRecord?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
