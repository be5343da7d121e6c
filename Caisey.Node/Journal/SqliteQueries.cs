namespace Caisey.Node.Journal;

/// <summary>SQL shared by the writer and the read connections.</summary>
internal static class SqliteQueries
{
    /// <summary>Highest sequence number of <c>$id</c>: its highest event or, after deletes, its recorded highest.</summary>
    public const string Highest = """
        SELECT max(
            coalesce((SELECT max(seq) FROM journal_events WHERE persistence_id = $id), 0),
            coalesce((SELECT seq FROM journal_highest WHERE persistence_id = $id), 0));
        """;

    public const string Replay = """
        SELECT seq, manifest, payload, timestamp FROM journal_events
        WHERE persistence_id = $id AND seq >= $from AND seq <= $to
        ORDER BY seq LIMIT $max;
        """;

    public const string LoadSnapshot = """
        SELECT seq, manifest, payload, timestamp FROM snapshots
        WHERE persistence_id = $id AND seq <= $max
        ORDER BY seq DESC LIMIT 1;
        """;

    public const string LoadWakeups = "SELECT entity_id, due_at FROM wakeups ORDER BY due_at, entity_id;";
}
