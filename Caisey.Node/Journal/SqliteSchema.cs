using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>
/// The SQLite journal schema as an ordered list of migrations. <c>PRAGMA user_version</c> records the
/// last one applied; opening a file applies the missing ones, each in its own transaction.
/// </summary>
/// <remarks>
/// Events live in a rowid table: <c>ordering</c> is the global append order, so a group-commit batch appends to the
/// end of the table (a few pages). Since migration 4 there is no <c>(persistence_id, seq)</c> index: each event holds
/// <c>prev</c>, the <c>ordering</c> of its id's previous event, and <c>journal_heads</c> holds each id's highest
/// sequence number and newest event. An id's events are read by walking that chain back from its head. With 1,000 ids
/// in flight the index put every append on its own leaf page (~180 scattered pages per commit, written again by the
/// checkpoint); the heads table is one small row per id, a few pages for the whole fleet. <c>journal_heads.seq</c>
/// is never lowered by a delete, so the highest sequence number survives it (migration 1's <c>journal_highest</c>).
/// Never edit a released migration: append a new one.
/// </remarks>
internal static class SqliteSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new(1, "events and the per-id highest sequence number that survives deletes", """
            CREATE TABLE journal_events (
                ordering INTEGER PRIMARY KEY,
                persistence_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                manifest TEXT NOT NULL,
                payload BLOB NOT NULL,
                timestamp INTEGER NOT NULL,
                UNIQUE (persistence_id, seq)
            );
            CREATE TABLE journal_highest (
                persistence_id TEXT NOT NULL PRIMARY KEY,
                seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        new(2, "snapshots", """
            CREATE TABLE snapshots (
                persistence_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                manifest TEXT NOT NULL,
                payload BLOB NOT NULL,
                timestamp INTEGER NOT NULL,
                PRIMARY KEY (persistence_id, seq)
            );
            """),
        new(3, "entities' next due times (the wake-up index), written in the journal's batches", """
            CREATE TABLE wakeups (
                entity_id TEXT NOT NULL PRIMARY KEY,
                due_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        new(4, "per-id event chains and heads instead of the (persistence_id, seq) index", """
            CREATE TABLE journal_heads (
                persistence_id TEXT NOT NULL PRIMARY KEY,
                seq INTEGER NOT NULL,
                ordering INTEGER
            ) WITHOUT ROWID;
            CREATE TABLE journal_events_v4 (
                ordering INTEGER PRIMARY KEY,
                persistence_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                prev INTEGER,
                timestamp INTEGER NOT NULL,
                manifest TEXT NOT NULL,
                payload BLOB NOT NULL
            );
            INSERT INTO journal_events_v4 (ordering, persistence_id, seq, prev, timestamp, manifest, payload)
                SELECT ordering, persistence_id, seq, lag(ordering) OVER (PARTITION BY persistence_id ORDER BY seq), timestamp, manifest, payload
                FROM journal_events;
            INSERT INTO journal_heads (persistence_id, seq, ordering)
                SELECT persistence_id, seq, ordering FROM (
                    SELECT persistence_id, seq, ordering, row_number() OVER (PARTITION BY persistence_id ORDER BY seq DESC) AS r FROM journal_events)
                WHERE r = 1;
            INSERT INTO journal_heads (persistence_id, seq, ordering)
                SELECT persistence_id, seq, NULL FROM journal_highest WHERE true
                ON CONFLICT (persistence_id) DO UPDATE SET seq = max(seq, excluded.seq);
            DROP TABLE journal_events;
            DROP TABLE journal_highest;
            ALTER TABLE journal_events_v4 RENAME TO journal_events;
            """),
    ];

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => Migrations[^1].Version;

    /// <summary>Brings the file to <paramref name="targetVersion"/> (default: current); refuses files from a newer build.</summary>
    public static void Migrate(SqliteConnection connection, string filePath, int? targetVersion = null)
    {
        var target = targetVersion ?? CurrentVersion;
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new JournalSchemaException(
                $"Journal file '{filePath}' has schema version {version}, but this build of Caisey knows versions up to {CurrentVersion}. " +
                "It was written by a newer Caisey: run that version, or restore a backup made before the upgrade.");
        }

        foreach (var migration in Migrations)
        {
            if (migration.Version <= version || migration.Version > target)
                continue;
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"{migration.Sql}\nPRAGMA user_version = {migration.Version};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
