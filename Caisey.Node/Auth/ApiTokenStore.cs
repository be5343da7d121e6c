using Caisey.Node.Storage;

namespace Caisey.Node.Auth;

/// <summary>Bearer tokens for API, CLI and console: stored hashed, with an expiry, revocable.</summary>
/// <remarks>Read from the database on every request (no cache), so a revocation holds on every node at once.</remarks>
public sealed class ApiTokenStore(NodeDatabase database, TimeProvider time)
{
    public const string Prefix = "cst_";

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
        // One round trip: the token and its user together.
        var found = database.Query(
            "SELECT t.expires_at, " + UserStore.Columns + " FROM api_tokens t JOIN users u ON lower(u.username) = lower(t.username) " +
            "WHERE t.token_hash = @h AND t.revoked = @no",
            r => (ExpiresAt: SqlDialect.ReadTimestamp(r, 0), User: UserStore.Read(r, 1)), ("@h", Secrets.Hash(token)), ("@no", false));
        return found is [var live] && live.ExpiresAt > time.GetUtcNow() ? live.User : null;
    }

    public bool Revoke(string token) =>
        database.Execute("UPDATE api_tokens SET revoked = @yes WHERE token_hash = @h", ("@h", Secrets.Hash(token)), ("@yes", true)) == 1;
}
