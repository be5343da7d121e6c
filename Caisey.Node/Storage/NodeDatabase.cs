using Microsoft.Data.Sqlite;

namespace Caisey.Node.Storage;

/// <summary>
/// The node's own SQLite file (<c>node.db</c>): client groups, users, API tokens, enrollment tokens and
/// endpoint credentials. The event journal lives in its own file.
/// </summary>
/// <remarks>WAL with <c>synchronous=FULL</c>: a write is on disk when its call returns.</remarks>
public sealed class NodeDatabase
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE client_groups (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
        INSERT INTO client_groups (id, name, created_at) VALUES ('default', 'default', strftime('%Y-%m-%dT%H:%M:%fZ','now'));
        CREATE TABLE users (username TEXT PRIMARY KEY COLLATE NOCASE, password_hash TEXT NOT NULL, role TEXT NOT NULL,
                            client_group_ids TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE api_tokens (token_hash BLOB PRIMARY KEY, username TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE enrollment_tokens (token_hash BLOB PRIMARY KEY, client_group_id TEXT NOT NULL, expires_at TEXT NOT NULL,
                                        max_uses INTEGER NOT NULL, uses INTEGER NOT NULL DEFAULT 0, created_by TEXT NOT NULL);
        CREATE TABLE endpoint_credentials (endpoint_id TEXT PRIMARY KEY, credential_hash BLOB NOT NULL UNIQUE,
                                           client_group_id TEXT NOT NULL, hostname TEXT NOT NULL, enrolled_at TEXT NOT NULL);
        """,
        """
        CREATE TABLE approval_policies (scope TEXT PRIMARY KEY, policy TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL);
        """,
    ];

    private readonly string _connectionString;

    public NodeDatabase(string filePath)
    {
        var path = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        using var connection = Open();
        Migrate(connection, path);
    }

    /// <summary>Opens a connection with the node's pragmas; the caller disposes it.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
            throw new InvalidOperationException($"'{path}' has schema version {current}, newer than this node knows ({Migrations.Length}); upgrade Caisey.");
        for (var v = current; v < Migrations.Length; v++)
        {
            using var tx = connection.BeginTransaction();
            using var step = connection.CreateCommand();
            step.Transaction = tx;
            step.CommandText = Migrations[v] + $"; PRAGMA user_version = {v + 1};";
            step.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
