namespace Caisey.Node.Cluster;

/// <summary>
/// The cluster's tables in the shared PostgreSQL (component <c>cluster</c>): members with heartbeats, and one lease row per
/// shard. A fenced journal reads <c>cluster_shards</c> inside every append (see <c>Caisey.Node.Journal.WriteFence</c>).
/// </summary>
/// <remarks>
/// <c>cluster_shards</c>: <c>owner_node_id</c> holds the lease until <c>lease_expires_at</c> (database time); every change of owner
/// increments <c>epoch</c>. <c>handoff_to</c> names the node a graceful leave hands the shard to.
/// <c>cluster_nodes.status</c>: <c>up</c>, <c>leaving</c>, <c>left</c>, <c>down</c>.
/// </remarks>
public static class ClusterSchema
{
    public const string Component = "cluster";

    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE cluster_nodes (
            node_id          text PRIMARY KEY,
            advertised_url   text NOT NULL,
            status           text NOT NULL,
            started_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
            heartbeat_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
            live_entities    integer NOT NULL DEFAULT 0,
            stats            jsonb NOT NULL DEFAULT '{}'::jsonb);
        CREATE TABLE cluster_shards (
            shard_id         integer PRIMARY KEY,
            owner_node_id    text NULL,
            epoch            bigint NOT NULL DEFAULT 0,
            lease_expires_at timestamptz NULL,
            handoff_to       text NULL);
        INSERT INTO cluster_shards (shard_id) SELECT generate_series(0, 255);
        """,
    ];
}
