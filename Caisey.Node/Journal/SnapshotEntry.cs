namespace Caisey.Node.Journal;

public sealed record SnapshotEntry(string PersistenceId, long SequenceNr, object Snapshot, DateTimeOffset Timestamp);
