namespace Caisey.Node.Storage;

/// <summary>
/// The node's own data: client groups, users, API tokens, enrollment tokens, endpoint credentials and approval
/// policies. On SQLite its own file (<c>node.db</c>); on PostgreSQL component <c>node</c> of the shared database,
/// so that every node of a cluster sees the same users, tokens, credentials and policies.
/// </summary>
/// <remarks>Usernames compare case-insensitively on both providers through <c>lower(username)</c> (indexed).</remarks>
public sealed class NodeDatabase : SqlDatabase
{
    public static readonly SqlSchema Schema = new("node",
        Sqlite:
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
            """
            CREATE INDEX users_username_lower ON users (lower(username));
            """,
        ],
        Postgres:
        [
            """
            CREATE TABLE client_groups (id text PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz NOT NULL);
            INSERT INTO client_groups (id, name, created_at) VALUES ('default', 'default', now());
            CREATE TABLE users (username text PRIMARY KEY, password_hash text NOT NULL, role text NOT NULL,
                                client_group_ids text NOT NULL, created_at timestamptz NOT NULL);
            CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
            CREATE TABLE api_tokens (token_hash bytea PRIMARY KEY, username text NOT NULL, expires_at timestamptz NOT NULL,
                                     revoked boolean NOT NULL DEFAULT false);
            CREATE TABLE enrollment_tokens (token_hash bytea PRIMARY KEY, client_group_id text NOT NULL, expires_at timestamptz NOT NULL,
                                            max_uses bigint NOT NULL, uses bigint NOT NULL DEFAULT 0, created_by text NOT NULL);
            CREATE TABLE endpoint_credentials (endpoint_id text PRIMARY KEY, credential_hash bytea NOT NULL UNIQUE,
                                               client_group_id text NOT NULL, hostname text NOT NULL, enrolled_at timestamptz NOT NULL);
            CREATE TABLE approval_policies (scope text PRIMARY KEY, policy text NOT NULL, set_by text NOT NULL, set_at timestamptz NOT NULL);
            """,
        ]);

    /// <summary>The node's SQLite file, migrated now.</summary>
    public NodeDatabase(string filePath)
        : base(Schema, filePath)
    {
    }

    /// <summary>The cluster's shared PostgreSQL (component <c>node</c>); call <see cref="SqlDatabase.MigrateAsync"/> before use.</summary>
    public NodeDatabase(PostgresDatabase postgres, PostgresNotifications? notifications = null)
        : base(Schema, postgres, notifications)
    {
    }
}
