using System.Globalization;
using Caisey.Node.Storage;

namespace Caisey.Node.Auth;

/// <summary>Bearer tokens for API, CLI and console: stored hashed, with an expiry, revocable.</summary>
public sealed class ApiTokenStore(NodeDatabase database, UserStore users, TimeProvider time)
{
    public const string Prefix = "cst_";

    public (string Token, DateTimeOffset ExpiresAt) Issue(string username, TimeSpan lifetime)
    {
        var token = Secrets.NewToken(Prefix);
        var expiresAt = time.GetUtcNow() + lifetime;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_tokens (token_hash, username, expires_at) VALUES ($h, $u, $e)";
        command.Parameters.AddWithValue("$h", Secrets.Hash(token));
        command.Parameters.AddWithValue("$u", username);
        command.Parameters.AddWithValue("$e", expiresAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        return (token, expiresAt);
    }

    /// <summary>The token's user, or null when the token is unknown, expired or revoked.</summary>
    public CaiseyUser? Validate(string token)
    {
        string username;
        using (var connection = database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT username, expires_at FROM api_tokens WHERE token_hash = $h AND revoked = 0";
            command.Parameters.AddWithValue("$h", Secrets.Hash(token));
            using var reader = command.ExecuteReader();
            if (!reader.Read())
                return null;
            if (DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture) <= time.GetUtcNow())
                return null;
            username = reader.GetString(0);
        }
        return users.Find(username);
    }

    public bool Revoke(string token)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_tokens SET revoked = 1 WHERE token_hash = $h";
        command.Parameters.AddWithValue("$h", Secrets.Hash(token));
        return command.ExecuteNonQuery() == 1;
    }
}
