using System.Data.Common;
using Caisey.Node.Storage;

namespace Caisey.Node.Audit;

public sealed partial class AuditLog
{
    /// <summary>The advisory lock that the writers of every node take, one batch at a time, to continue the chain.</summary>
    private const long ChainLockKey = 0x41_55_44_49_54; // "AUDIT"

    /// <summary>
    /// The shared chain in PostgreSQL (component <c>audit</c>). <c>at</c> is the hashed text, as on SQLite, so that
    /// verify checks exactly what was hashed; text compares byte-wise (<c>COLLATE "C"</c>) so that the endpoint and time
    /// ranges of <see cref="Query"/> mean the same as on SQLite. <c>step</c> is the entry's step, unique per target.
    /// </summary>
    /// <remarks>The SQLite file keeps its own schema (created by the SQLite constructor, unchanged); only
    /// <see cref="SqlSchema.Postgres"/> is used.</remarks>
    public static readonly SqlSchema Schema = new("audit",
        Sqlite: [],
        Postgres:
        [
            """
            CREATE TABLE audit (seq bigint PRIMARY KEY, at text COLLATE "C" NOT NULL, actor text NOT NULL, action text NOT NULL,
                                target text COLLATE "C" NOT NULL, detail text NOT NULL, hash text NOT NULL, prev_hash text NOT NULL,
                                step integer);
            CREATE INDEX audit_target ON audit (target);
            CREATE INDEX audit_at ON audit (at);
            CREATE UNIQUE INDEX audit_target_step ON audit (target, step) WHERE step IS NOT NULL;
            """,
        ]);

    /// <summary>Waits for the chain lock (held until <paramref name="tx"/> ends), then reads the head as committed by any node.</summary>
    private static async Task<(long Seq, string Hash)> LockHeadAsync(DbConnection connection, DbTransaction tx)
    {
        await using (var command = Command(connection, "SELECT pg_advisory_xact_lock(@key)", ("@key", ChainLockKey)))
        {
            command.Transaction = tx;
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        // Read committed: this statement's snapshot is taken after the lock, so it sees the previous holder's records.
        await using (var command = Command(connection, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        {
            command.Transaction = tx;
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            return await reader.ReadAsync().ConfigureAwait(false) ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditHash.Genesis);
        }
    }
}
