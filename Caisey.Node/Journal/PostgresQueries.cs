namespace Caisey.Node.Journal;

/// <summary>SQL of the PostgreSQL journal, shared by its writer and its readers.</summary>
internal static class PostgresQueries
{
    /// <summary>Highest sequence number of each id in <c>@ids</c>: its highest event or, after deletes, its recorded highest.</summary>
    public const string Highest = """
        SELECT i.id, greatest(
            coalesce((SELECT max(e.seq) FROM journal_events e WHERE e.persistence_id = i.id), 0),
            coalesce((SELECT h.seq FROM journal_highest h WHERE h.persistence_id = i.id), 0))
        FROM unnest(@ids::text[]) AS i(id)
        """;

    /// <summary>Share-locks the lease rows of <c>@shards</c> (in shard order, so writers never deadlock) and says whether each is ours and live.</summary>
    public const string Fence = """
        SELECT shard_id, coalesce(owner_node_id = @node, false), epoch, coalesce(lease_expires_at > clock_timestamp(), false)
        FROM cluster_shards WHERE shard_id = ANY(@shards) ORDER BY shard_id FOR SHARE
        """;

    public const string Insert = """
        INSERT INTO journal_events (persistence_id, seq, manifest, payload, timestamp, epoch)
        SELECT u.id, u.seq, u.manifest, u.payload, @ts, u.epoch
        FROM unnest(@ids::text[], @seqs::bigint[], @manifests::text[], @payloads::bytea[], @epochs::bigint[]) AS u(id, seq, manifest, payload, epoch)
        """;

    public const string Replay = """
        SELECT seq, manifest, payload, timestamp FROM journal_events
        WHERE persistence_id = @id AND seq >= @from AND seq <= @to
        ORDER BY seq LIMIT @max
        """;

    /// <summary>Records the highest sequence number, then deletes; one statement, so both or neither.</summary>
    public const string DeleteTo = """
        WITH recorded AS (
            INSERT INTO journal_highest (persistence_id, seq)
            SELECT @id, max(seq) FROM journal_events WHERE persistence_id = @id HAVING max(seq) IS NOT NULL
            ON CONFLICT (persistence_id) DO UPDATE SET seq = greatest(journal_highest.seq, EXCLUDED.seq))
        DELETE FROM journal_events WHERE persistence_id = @id AND seq <= @to
        """;

    /// <summary>
    /// Events after <c>(@tx, @ordering)</c> written by transactions older than every transaction still running: those are
    /// final, so a reader that advances its position past them never skips a row that commits later.
    /// </summary>
    public const string ReadCommitted = """
        SELECT tx_id::text, ordering, persistence_id, seq, manifest, payload, timestamp FROM journal_events
        WHERE (tx_id, ordering) > (@tx::xid8, @ordering) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY tx_id, ordering LIMIT @max
        """;

    public const string SaveSnapshot = """
        INSERT INTO snapshots (persistence_id, seq, manifest, payload, timestamp) VALUES (@id, @seq, @manifest, @payload, @ts)
        ON CONFLICT (persistence_id, seq) DO UPDATE SET manifest = EXCLUDED.manifest, payload = EXCLUDED.payload, timestamp = EXCLUDED.timestamp
        """;

    public const string LoadSnapshot = """
        SELECT seq, manifest, payload, timestamp FROM snapshots
        WHERE persistence_id = @id AND seq <= @max ORDER BY seq DESC LIMIT 1
        """;

    public const string DeleteSnapshots = "DELETE FROM snapshots WHERE persistence_id = @id AND seq <= @max";
}
