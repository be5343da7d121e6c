using System.Globalization;
using Caisey.Node.Storage;

namespace Caisey.Node.Enrollment;

/// <summary>Enrollment tokens: scoped to a client group, expiring, use-limited; stored hashed.</summary>
public sealed class EnrollmentTokenStore(NodeDatabase database, TimeProvider time)
{
    public (string Token, DateTimeOffset ExpiresAt) Issue(string clientGroupId, int maxUses, TimeSpan lifetime, string createdBy)
    {
        var token = Secrets.NewToken("cet_");
        var expiresAt = time.GetUtcNow() + lifetime;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO enrollment_tokens (token_hash, client_group_id, expires_at, max_uses, created_by) VALUES ($h, $g, $e, $m, $c)";
        command.Parameters.AddWithValue("$h", Secrets.Hash(token));
        command.Parameters.AddWithValue("$g", clientGroupId);
        command.Parameters.AddWithValue("$e", expiresAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$m", maxUses);
        command.Parameters.AddWithValue("$c", createdBy);
        command.ExecuteNonQuery();
        return (token, expiresAt);
    }

    /// <summary>Spends one use of the token, atomically.</summary>
    /// <returns>The token's client group, or null when it is unknown, expired or used up.</returns>
    public string? TryConsume(string token)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT client_group_id, expires_at, max_uses, uses FROM enrollment_tokens WHERE token_hash = $h";
        command.Parameters.AddWithValue("$h", Secrets.Hash(token));
        string group;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read()
                || DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture) <= time.GetUtcNow()
                || reader.GetInt64(3) >= reader.GetInt64(2))
                return null;
            group = reader.GetString(0);
        }
        command.CommandText = "UPDATE enrollment_tokens SET uses = uses + 1 WHERE token_hash = $h";
        command.ExecuteNonQuery();
        tx.Commit();
        return group;
    }
}
