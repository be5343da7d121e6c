namespace Caisey.Node.Journal;

/// <summary>
/// The PostgreSQL journal's tables (component <c>journal</c> of <see cref="Caisey.Node.Storage.PostgresDatabase"/>):
/// events, the highest sequence number that survives deletes, and snapshots.
/// </summary>
/// <remarks>
/// <c>ordering</c> is the global append order (an identity, so a lower value can commit after a higher one);
/// <c>tx_id</c> is the writing transaction, which lets <see cref="PostgresEventJournal.ReadCommittedAsync"/> follow
/// the journal by <c>(tx_id, ordering)</c> without skipping late commits. <c>epoch</c> is the shard lease epoch the
/// append was fenced under (null when the journal is not fenced). The highest sequence number of an id is
/// max(its highest event, its <c>journal_highest</c> row), which deletes write. Never edit a released migration.
/// </remarks>
public static class PostgresJournalSchema
{
    public const string Component = "journal";

    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE journal_events (
            ordering       bigint GENERATED ALWAYS AS IDENTITY,
            persistence_id text NOT NULL,
            seq            bigint NOT NULL,
            manifest       text NOT NULL,
            payload        bytea NOT NULL,
            timestamp      timestamptz NOT NULL,
            epoch          bigint NULL,
            tx_id          xid8 NOT NULL DEFAULT pg_current_xact_id(),
            PRIMARY KEY (persistence_id, seq));
        CREATE UNIQUE INDEX journal_events_ordering ON journal_events (ordering);
        CREATE INDEX journal_events_tail ON journal_events (tx_id, ordering);
        CREATE TABLE journal_highest (
            persistence_id text PRIMARY KEY,
            seq            bigint NOT NULL);
        CREATE TABLE snapshots (
            persistence_id text NOT NULL,
            seq            bigint NOT NULL,
            manifest       text NOT NULL,
            payload        bytea NOT NULL,
            timestamp      timestamptz NOT NULL,
            PRIMARY KEY (persistence_id, seq));
        """,
    ];
}
