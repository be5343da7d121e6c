using System.Data.Common;
using System.Text.Json;
using Caisey.Node.Storage;

namespace Caisey.Node.Transcripts;

/// <summary>
/// Transcript drafts and their shares: on SQLite their own file (<c>transcripts.db</c>, WAL, <c>synchronous=FULL</c>); on
/// PostgreSQL component <c>transcripts</c> of the shared database, so a share link works through any node.
/// A share is stored as the SHA-256 of its token (never the token) beside the frozen JSON copy taken at publish.
/// </summary>
public sealed class TranscriptStore(SqlDatabase database)
{
    public static readonly SqlSchema Schema = new("transcripts",
        Sqlite:
        [
            """
            CREATE TABLE IF NOT EXISTS transcripts (id TEXT PRIMARY KEY, endpoint_id TEXT NOT NULL, created_by TEXT NOT NULL,
                created_at TEXT NOT NULL, from_at TEXT, to_at TEXT, redactions TEXT NOT NULL,
                share_hash BLOB UNIQUE, share_expires_at TEXT, published_at TEXT, shared TEXT);
            """,
        ],
        Postgres:
        [
            """
            CREATE TABLE transcripts (id text PRIMARY KEY, endpoint_id text NOT NULL, created_by text NOT NULL,
                created_at timestamptz NOT NULL, from_at timestamptz, to_at timestamptz, redactions text NOT NULL,
                share_hash bytea UNIQUE, share_expires_at timestamptz, published_at timestamptz, shared text);
            """,
        ]);

    /// <summary>The node's SQLite file.</summary>
    public TranscriptStore(string filePath)
        : this(new SqlDatabase(Schema, filePath))
    {
    }

    public void Create(TranscriptDraft draft) => database.Execute(
        "INSERT INTO transcripts (id, endpoint_id, created_by, created_at, from_at, to_at, redactions) VALUES (@i, @e, @c, @t, @f, @to, @r)",
        ("@i", draft.Id), ("@e", draft.EndpointId), ("@c", draft.CreatedBy), ("@t", draft.CreatedAt),
        ("@f", draft.From), ("@to", draft.To), ("@r", JsonSerializer.Serialize(draft.Redactions, SharedTranscript.Json)));

    public TranscriptDraft? Find(string id) => database.Query(
        "SELECT id, endpoint_id, created_by, created_at, from_at, to_at, redactions, published_at, share_expires_at FROM transcripts WHERE id = @i",
        r => new TranscriptDraft(r.GetString(0), r.GetString(1), r.GetString(2), SqlDialect.ReadTimestamp(r, 3), TimeOrNull(r, 4), TimeOrNull(r, 5),
            JsonSerializer.Deserialize<List<Redaction>>(r.GetString(6), SharedTranscript.Json) ?? [], TimeOrNull(r, 7), TimeOrNull(r, 8)),
        ("@i", id)).FirstOrDefault();

    /// <summary>Replaces the window and redactions under review; a published copy is not touched.</summary>
    public void Update(string id, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<Redaction> redactions) => database.Execute(
        "UPDATE transcripts SET from_at = @f, to_at = @to, redactions = @r WHERE id = @i",
        ("@i", id), ("@f", from), ("@to", to), ("@r", JsonSerializer.Serialize(redactions, SharedTranscript.Json)));

    /// <summary>Stores the frozen copy under the token's hash; any earlier link of this transcript stops working.</summary>
    public void Publish(string id, string token, SharedTranscript shared) => database.Execute(
        "UPDATE transcripts SET share_hash = @h, share_expires_at = @x, published_at = @p, shared = @s WHERE id = @i",
        ("@i", id), ("@h", Secrets.Hash(token)), ("@x", shared.ExpiresAt), ("@p", shared.PublishedAt),
        ("@s", JsonSerializer.Serialize(shared, SharedTranscript.Json)));

    /// <returns>True when a share existed and is now gone.</returns>
    public bool Revoke(string id) => database.Execute(
        "UPDATE transcripts SET share_hash = NULL, share_expires_at = NULL, published_at = NULL, shared = NULL WHERE id = @i AND share_hash IS NOT NULL",
        ("@i", id)) == 1;

    /// <summary>The frozen copy's JSON for a token, or null when the token is unknown, revoked or expired at <paramref name="now"/>.</summary>
    public string? FindShared(string token, DateTimeOffset now) => database.Query(
        "SELECT shared, share_expires_at FROM transcripts WHERE share_hash = @h",
        r => !r.IsDBNull(0) && SqlDialect.ReadTimestamp(r, 1) > now ? r.GetString(0) : null,
        ("@h", Secrets.Hash(token))).FirstOrDefault();

    private static DateTimeOffset? TimeOrNull(DbDataReader r, int i) => SqlDialect.ReadTimestampOrNull(r, i);
}
