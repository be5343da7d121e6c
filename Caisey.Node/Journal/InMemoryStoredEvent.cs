namespace Caisey.Node.Journal;

/// <summary>A serialized event or snapshot kept by the in-memory journal and snapshot store.</summary>
internal readonly record struct InMemoryStoredEvent(long SequenceNr, SerializedEvent Data, DateTimeOffset Timestamp);
