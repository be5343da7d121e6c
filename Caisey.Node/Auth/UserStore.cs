using System.Globalization;
using Caisey.Node.Storage;
using Microsoft.AspNetCore.Identity;

namespace Caisey.Node.Auth;

/// <summary>Users with passwords hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class UserStore(NodeDatabase database, TimeProvider time)
{
    private readonly PasswordHasher<string> _hasher = new();

    public bool Any()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM users)";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <returns>False when the username is taken.</returns>
    public bool Create(string username, string password, string role, IReadOnlyList<string> clientGroupIds)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO users (username, password_hash, role, client_group_ids, created_at) VALUES ($u, $h, $r, $g, $t)";
        command.Parameters.AddWithValue("$u", username);
        command.Parameters.AddWithValue("$h", _hasher.HashPassword(username, password));
        command.Parameters.AddWithValue("$r", role);
        command.Parameters.AddWithValue("$g", string.Join(',', clientGroupIds));
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery() == 1;
    }

    public CaiseyUser? Find(string username)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, role, client_group_ids FROM users WHERE username = $u";
        command.Parameters.AddWithValue("$u", username);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new CaiseyUser(reader.GetString(0), reader.GetString(1), SplitGroups(reader.GetString(2))) : null;
    }

    /// <summary>Every user, by name.</summary>
    public IReadOnlyList<CaiseyUser> List()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, role, client_group_ids FROM users ORDER BY username";
        using var reader = command.ExecuteReader();
        var users = new List<CaiseyUser>();
        while (reader.Read())
            users.Add(new CaiseyUser(reader.GetString(0), reader.GetString(1), SplitGroups(reader.GetString(2))));
        return users;
    }

    /// <summary>The user when the password matches; null otherwise (unknown user or wrong password alike).</summary>
    public CaiseyUser? Verify(string username, string password)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT username, password_hash, role, client_group_ids FROM users WHERE username = $u";
        command.Parameters.AddWithValue("$u", username);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            _hasher.HashPassword(username, password); // same cost as a real check: no user-enumeration by timing
            return null;
        }
        var result = _hasher.VerifyHashedPassword(reader.GetString(0), reader.GetString(1), password);
        return result == PasswordVerificationResult.Failed
            ? null
            : new CaiseyUser(reader.GetString(0), reader.GetString(2), SplitGroups(reader.GetString(3)));
    }

    private static string[] SplitGroups(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
