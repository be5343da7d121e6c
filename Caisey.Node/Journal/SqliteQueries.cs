namespace Caisey.Node.Journal;

/// <summary>SQL shared by the writer and the read connections.</summary>
internal static class SqliteQueries
{
    /// <summary>Highest sequence number of <c>$id</c> (its head survives deletes), 0 for an id never written.</summary>
    public const string Highest = "SELECT coalesce((SELECT seq FROM journal_heads WHERE persistence_id = $id), 0);";

    /// <summary>An id's head: its highest sequence number and newest row (0: none); no row for an id never written.</summary>
    public const string Head = "SELECT seq, coalesce(ordering, 0) FROM journal_heads WHERE persistence_id = $id;";

    /// <summary>
    /// Deletes <c>$id</c>'s events up to <c>$to</c>, found by walking its chain from the head: a step follows <c>prev</c>
    /// only to a row of the same id with a lower sequence number, so a row whose <c>ordering</c> was reused after a
    /// delete ends the walk instead of joining another chain (the rule <see cref="SqliteReadConnection.Chain"/> follows
    /// for replays).
    /// </summary>
    public const string DeleteEvents = """
        WITH RECURSIVE chain (ordering, seq, prev) AS (
            SELECT e.ordering, e.seq, e.prev FROM journal_heads h JOIN journal_events e ON e.ordering = h.ordering
            WHERE h.persistence_id = $id AND e.persistence_id = $id
            UNION ALL
            SELECT e.ordering, e.seq, e.prev FROM chain c JOIN journal_events e ON e.ordering = c.prev
            WHERE e.persistence_id = $id AND e.seq < c.seq)
        DELETE FROM journal_events WHERE ordering IN (SELECT ordering FROM chain WHERE seq <= $to);
        """;

    public const string LoadSnapshot = """
        SELECT seq, manifest, payload, timestamp FROM snapshots
        WHERE persistence_id = $id AND seq <= $max
        ORDER BY seq DESC LIMIT 1;
        """;

    public const string LoadWakeups = "SELECT entity_id, due_at FROM wakeups ORDER BY due_at, entity_id;";
}
