namespace Caisey.Node.Journal;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting for the journal's write connection.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>No fsync: an OS crash or power loss can lose acknowledged appends (a process crash cannot).</summary>
    Off = 0,

    /// <summary>In WAL mode, fsync only at checkpoints: a power loss can lose the last acknowledged appends.</summary>
    Normal = 1,

    /// <summary>fsync on every commit (one per group-commit batch): acknowledged appends survive power loss.</summary>
    Full = 2,
}
