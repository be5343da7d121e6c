namespace Caisey.Node.Journal;

/// <summary>SQL shared by the writer and the read connections.</summary>
internal static class SqliteQueries
{
    /// <summary>Highest sequence number of <c>$id</c> (its head survives deletes), 0 for an id never written.</summary>
    public const string Highest = "SELECT coalesce((SELECT seq FROM journal_heads WHERE persistence_id = $id), 0);";

    /// <summary>
    /// The rows of <c>$id</c>'s chain (newest first, from its head), as (ordering, seq): a step follows <c>prev</c> only to
    /// a row of the same id with a lower sequence number, so a row whose <c>ordering</c> was reused after a delete
    /// ends the walk instead of joining another chain (the rule <see cref="SqliteReadConnection.Chain"/> follows for
    /// replays). <c>$from</c> stops the walk once it is reached.
    /// </summary>
    private const string Chain = """
        WITH RECURSIVE chain (ordering, seq, prev) AS (
            SELECT e.ordering, e.seq, e.prev FROM journal_heads h JOIN journal_events e ON e.ordering = h.ordering
            WHERE h.persistence_id = $id AND e.persistence_id = $id
            UNION ALL
            SELECT e.ordering, e.seq, e.prev FROM chain c JOIN journal_events e ON e.ordering = c.prev
            WHERE c.seq > $from AND e.persistence_id = $id AND e.seq < c.seq)
        """;

    /// <summary>Deletes <c>$id</c>'s events up to <c>$to</c> (the walk runs to the chain's end: <c>$from</c> is 0).</summary>
    public const string DeleteEvents = Chain + """

        DELETE FROM journal_events WHERE ordering IN (SELECT ordering FROM chain WHERE seq <= $to);
        """;

    public const string LoadSnapshot = """
        SELECT seq, manifest, payload, timestamp FROM snapshots
        WHERE persistence_id = $id AND seq <= $max
        ORDER BY seq DESC LIMIT 1;
        """;

    public const string LoadWakeups = "SELECT entity_id, due_at FROM wakeups ORDER BY due_at, entity_id;";
}
