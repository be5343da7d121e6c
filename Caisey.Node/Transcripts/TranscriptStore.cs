using System.Globalization;
using System.Text.Json;
using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Transcripts;

/// <summary>
/// Transcript drafts and their shares in their own SQLite file (<c>transcripts.db</c>, WAL, <c>synchronous=FULL</c>).
/// A share is stored as the SHA-256 of its token (never the token) beside the frozen JSON copy taken at publish.
/// </summary>
public sealed class TranscriptStore
{
    private readonly string _connectionString;

    public TranscriptStore(string filePath)
    {
        var path = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        using var setup = connection.CreateCommand();
        setup.CommandText = """
            CREATE TABLE IF NOT EXISTS transcripts (id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, created_by TEXT NOT NULL,
                created_at TEXT NOT NULL, from_at TEXT, to_at TEXT, redactions TEXT NOT NULL,
                share_hash BLOB UNIQUE, share_expires_at TEXT, published_at TEXT, shared TEXT);
            """;
        setup.ExecuteNonQuery();
    }

    public void Create(TranscriptDraft draft) => Execute(
        "INSERT INTO transcripts (id, endpoint_id, created_by, created_at, from_at, to_at, redactions) VALUES ($i, $e, $c, $t, $f, $to, $r)",
        ("$i", draft.Id), ("$e", draft.EndpointId), ("$c", draft.CreatedBy), ("$t", Text(draft.CreatedAt)),
        ("$f", Text(draft.From)), ("$to", Text(draft.To)), ("$r", JsonSerializer.Serialize(draft.Redactions, SharedTranscript.Json)));

    public TranscriptDraft? Find(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, endpoint_id, created_by, created_at, from_at, to_at, redactions, published_at, share_expires_at FROM transcripts WHERE id = $i";
        command.Parameters.AddWithValue("$i", id);
        using var r = command.ExecuteReader();
        if (!r.Read())
            return null;
        return new TranscriptDraft(r.GetString(0), r.GetString(1), r.GetString(2), Time(r.GetString(3)), TimeOrNull(r, 4), TimeOrNull(r, 5),
            JsonSerializer.Deserialize<List<Redaction>>(r.GetString(6), SharedTranscript.Json) ?? [], TimeOrNull(r, 7), TimeOrNull(r, 8));
    }

    /// <summary>Replaces the window and redactions under review; a published copy is not touched.</summary>
    public void Update(string id, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<Redaction> redactions) => Execute(
        "UPDATE transcripts SET from_at = $f, to_at = $to, redactions = $r WHERE id = $i",
        ("$i", id), ("$f", Text(from)), ("$to", Text(to)), ("$r", JsonSerializer.Serialize(redactions, SharedTranscript.Json)));

    /// <summary>Stores the frozen copy under the token's hash; any earlier link of this transcript stops working.</summary>
    public void Publish(string id, string token, SharedTranscript shared) => Execute(
        "UPDATE transcripts SET share_hash = $h, share_expires_at = $x, published_at = $p, shared = $s WHERE id = $i",
        ("$i", id), ("$h", Secrets.Hash(token)), ("$x", Text(shared.ExpiresAt)), ("$p", Text(shared.PublishedAt)),
        ("$s", JsonSerializer.Serialize(shared, SharedTranscript.Json)));

    /// <returns>True when a share existed and is now gone.</returns>
    public bool Revoke(string id) => Execute(
        "UPDATE transcripts SET share_hash = NULL, share_expires_at = NULL, published_at = NULL, shared = NULL WHERE id = $i AND share_hash IS NOT NULL",
        ("$i", id)) == 1;

    /// <summary>The frozen copy's JSON for a token, or null when the token is unknown, revoked or expired at <paramref name="now"/>.</summary>
    public string? FindShared(string token, DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT shared, share_expires_at FROM transcripts WHERE share_hash = $h";
        command.Parameters.AddWithValue("$h", Secrets.Hash(token));
        using var r = command.ExecuteReader();
        return r.Read() && !r.IsDBNull(0) && Time(r.GetString(1)) > now ? r.GetString(0) : null;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private static string? Text(DateTimeOffset? at) => at?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset? TimeOrNull(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : Time(r.GetString(i));
}
