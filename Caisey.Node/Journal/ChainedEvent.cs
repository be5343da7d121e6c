namespace Caisey.Node.Journal;

/// <summary>
/// An event found on an id's chain in the SQLite journal: its row and sequence number, and — when it was read whole
/// on the walk — its timestamp, manifest and payload.
/// </summary>
internal readonly record struct ChainedEvent(long Ordering, long Seq, long Timestamp = 0, string? Manifest = null, byte[]? Payload = null);
