using Caisey.Node.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Bench.Journal;

/// <summary>The raw Microsoft.Data.Sqlite side of the baselines: the journal's own schema, pragmas and row insert, without the journal.</summary>
internal static class RawJournalSqlite
{
    public const string Insert = "INSERT INTO journal_events (persistence_id, seq, manifest, payload, timestamp) VALUES ($id, $seq, $manifest, $payload, $ts);";

    /// <param name="synchronous">A <c>PRAGMA synchronous</c> value: <c>FULL</c>, <c>NORMAL</c>, <c>OFF</c> or 0–2.</param>
    public static SqliteConnection Open(string file, string synchronous)
    {
        var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous.ToUpperInvariant()}; PRAGMA cache_size = {-1024L * new SqliteJournalOptions().CacheSizeMiB};";
        pragmas.ExecuteNonQuery();
        SqliteSchema.Migrate(connection, file);
        return connection;
    }

    /// <summary>A prepared insert of one journal row; parameters in the order id, seq, manifest, payload, timestamp.</summary>
    public static SqliteCommand PrepareInsert(SqliteConnection connection)
    {
        var insert = connection.CreateCommand();
        insert.CommandText = Insert;
        foreach (var name in new[] { "$id", "$seq", "$manifest", "$payload", "$ts" })
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        insert.Prepare();
        return insert;
    }
}
