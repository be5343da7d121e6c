using Caisey.Node.Storage;

namespace Caisey.Node.Enrollment;

/// <summary>Enrollment tokens: scoped to a client group, expiring, use-limited; stored hashed.</summary>
public sealed class EnrollmentTokenStore(NodeDatabase database, TimeProvider time)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(string clientGroupId, int maxUses, TimeSpan lifetime, string createdBy)
    {
        var token = Secrets.NewToken("cet_");
        var expiresAt = time.GetUtcNow() + lifetime;
        database.Execute(
            "INSERT INTO enrollment_tokens (token_hash, client_group_id, expires_at, max_uses, created_by) VALUES (@h, @g, @e, @m, @c)",
            ("@h", Secrets.Hash(token)), ("@g", clientGroupId), ("@e", expiresAt), ("@m", (long)maxUses), ("@c", createdBy));
        return (token, expiresAt);
    }

    /// <summary>Spends one use of the token, atomically (one conditional update, so nodes racing for the last use get one each at most).</summary>
    /// <returns>The token's client group, or null when it is unknown, expired or used up.</returns>
    public string? TryConsume(string token) => database.Query(
        "UPDATE enrollment_tokens SET uses = uses + 1 WHERE token_hash = @h AND uses < max_uses AND expires_at > @now RETURNING client_group_id",
        r => r.GetString(0), ("@h", Secrets.Hash(token)), ("@now", time.GetUtcNow())).FirstOrDefault();
}
