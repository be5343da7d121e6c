using System.Collections.Concurrent;
using Caisey.Node.Storage;

namespace Caisey.Node.Auth;

/// <summary>Bearer tokens for API, CLI and console: stored hashed, with an expiry, revocable.</summary>
/// <remarks>
/// On SQLite this node is the only writer of <c>node.db</c>, so a token it found live is kept in memory (by its hash,
/// with its expiry and user) and every request after the first is answered without a query; <see cref="Revoke"/> drops
/// it before it returns. On PostgreSQL another node may revoke a token at any moment, so every request reads the
/// database: a revocation holds on every node at once. A user's name, role and groups never change once created
/// (<see cref="UserStore"/> has no update); a store that learns to change them must drop their tokens here.
/// </remarks>
public sealed class ApiTokenStore(NodeDatabase database, TimeProvider time)
{
    public const string Prefix = "cst_";

    /// <summary>Tokens kept at most; the cache is emptied when full (the next request of each reads the database).</summary>
    internal const int MaxCached = 16_384;

    // SQLite only (see remarks): live tokens by hash. Null on PostgreSQL.
    private readonly ConcurrentDictionary<string, (DateTimeOffset ExpiresAt, CaiseyUser User)>? _live =
        database.Dialect == SqlDialect.Sqlite ? new(StringComparer.Ordinal) : null;
    private long _revocations;

    public (string Token, DateTimeOffset ExpiresAt) Issue(string username, TimeSpan lifetime)
    {
        var token = Secrets.NewToken(Prefix);
        var expiresAt = time.GetUtcNow() + lifetime;
        database.Execute("INSERT INTO api_tokens (token_hash, username, expires_at) VALUES (@h, @u, @e)",
            ("@h", Secrets.Hash(token)), ("@u", username), ("@e", expiresAt));
        return (token, expiresAt);
    }

    /// <summary>The token's user, or null when the token is unknown, expired or revoked.</summary>
    public CaiseyUser? Validate(string token)
    {
        var hash = Secrets.Hash(token);
        var key = _live is null ? null : Key(hash);
        if (key is not null && _live!.TryGetValue(key, out var cached))
        {
            if (cached.ExpiresAt > time.GetUtcNow())
                return cached.User;
            _live.TryRemove(key, out _);
            return null;
        }
        var revocations = Interlocked.Read(ref _revocations);
        // One round trip: the token and its user together.
        var found = database.Query(
            "SELECT t.expires_at, " + UserStore.Columns + " FROM api_tokens t JOIN users u ON lower(u.username) = lower(t.username) " +
            "WHERE t.token_hash = @h AND t.revoked = @no",
            r => (ExpiresAt: SqlDialect.ReadTimestamp(r, 0), User: UserStore.Read(r, 1)), ("@h", hash), ("@no", false));
        if (found is not [var live] || live.ExpiresAt <= time.GetUtcNow())
            return null;
        if (key is not null)
        {
            if (_live!.Count >= MaxCached)
                _live.Clear();
            _live[key] = live;
            // A revocation that ran during the read may have found nothing to drop yet: what was read may be older.
            if (Interlocked.Read(ref _revocations) != revocations)
                _live.TryRemove(key, out _);
        }
        return live.User;
    }

    public bool Revoke(string token)
    {
        var hash = Secrets.Hash(token);
        var revoked = database.Execute("UPDATE api_tokens SET revoked = @yes WHERE token_hash = @h", ("@h", hash), ("@yes", true)) == 1;
        if (_live is not null)
        {
            Interlocked.Increment(ref _revocations);
            _live.TryRemove(Key(hash), out _);
        }
        return revoked;
    }

    private static string Key(byte[] hash) => Convert.ToBase64String(hash);

    /// <summary>Tokens answered from memory now (zero on PostgreSQL).</summary>
    internal int CachedCount => _live?.Count ?? 0;
}
