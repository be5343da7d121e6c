using Microsoft.Extensions.Logging;

namespace Caisey.Node.Runtime;

public sealed partial class EntityHost<TState, TMessage>
{
    [LoggerMessage(1, LogLevel.Debug, "Entity {EntityId} recovered at sequence number {SequenceNr} (snapshot at {SnapshotSequenceNr}).")]
    internal partial void LogRecovered(string entityId, long sequenceNr, long snapshotSequenceNr);

    [LoggerMessage(2, LogLevel.Debug, "Entity {EntityId} passivated after {IdleTime} idle.")]
    private partial void LogPassivated(string entityId, TimeSpan idleTime);

    [LoggerMessage(3, LogLevel.Debug, "Entity {EntityId} passivated to stay within {MaxLiveEntities} live entities.")]
    private partial void LogEvicted(string entityId, int maxLiveEntities);

    [LoggerMessage(4, LogLevel.Error, "Entity {EntityId} failed (failure {Failures} in a row) and stops; it restarts from its journal on its next message, not before {RestartAt}.")]
    internal partial void LogFailed(string entityId, int failures, DateTimeOffset restartAt, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Entity {EntityId} restarted after {Failures} failure(s).")]
    internal partial void LogRestarted(string entityId, int failures);

    [LoggerMessage(6, LogLevel.Warning, "Snapshot of entity {EntityId} at sequence number {SequenceNr} failed; recovery replays more events until the next one.")]
    internal partial void LogSnapshotFailed(string entityId, long sequenceNr, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "Effect {EffectType} of entity {EntityId} failed; its events are durable and stay.")]
    internal partial void LogEffectFailed(string entityId, string effectType, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Wake-up index update of entity {EntityId} failed; its timer is kept in memory only.")]
    internal partial void LogWakeupIndexFailed(string entityId, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Entity {EntityId} is still due at {DueAt} after its wake-up at {Now}; retrying later.")]
    internal partial void LogDueInPast(string entityId, DateTimeOffset dueAt, DateTimeOffset now);

    [LoggerMessage(10, LogLevel.Error, "Building the wake-up message for entity {EntityId} failed.")]
    private partial void LogWakeFailed(string entityId, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Deleting the snapshots of entity {EntityId} up to sequence number {SequenceNr} failed; the next snapshot's prune deletes them.")]
    internal partial void LogSnapshotPruneFailed(string entityId, long sequenceNr, Exception exception);
}
