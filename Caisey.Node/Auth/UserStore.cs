using System.Globalization;
using Caisey.Node.Storage;
using Microsoft.AspNetCore.Identity;

namespace Caisey.Node.Auth;

/// <summary>Users with passwords hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
/// <remarks>Usernames are case-insensitive: <c>Alice</c> and <c>alice</c> are one user, shown as created.</remarks>
public sealed class UserStore(NodeDatabase database, TimeProvider time)
{
    private readonly PasswordHasher<string> _hasher = new();

    public bool Any() => Convert.ToBoolean(database.Scalar("SELECT EXISTS (SELECT 1 FROM users)"), CultureInfo.InvariantCulture);

    /// <returns>False when the username is taken.</returns>
    public bool Create(string username, string password, string role, IReadOnlyList<string> clientGroupIds) => database.Execute(
        "INSERT INTO users (username, password_hash, role, client_group_ids, created_at) VALUES (@u, @h, @r, @g, @t) ON CONFLICT DO NOTHING",
        ("@u", username), ("@h", _hasher.HashPassword(username, password)), ("@r", role),
        ("@g", string.Join(',', clientGroupIds)), ("@t", time.GetUtcNow())) == 1;

    public CaiseyUser? Find(string username) => database.Query(
        $"SELECT {Columns} FROM users u WHERE lower(u.username) = lower(@u)", r => Read(r, 0), ("@u", username)).FirstOrDefault();

    /// <summary>Every user, by name.</summary>
    public IReadOnlyList<CaiseyUser> List() => database.Query(
        $"SELECT {Columns} FROM users u ORDER BY lower(u.username), u.username", r => Read(r, 0));

    /// <summary>The columns <see cref="Read"/> reads, of the users table aliased <c>u</c>.</summary>
    internal const string Columns = "u.username, u.role, u.client_group_ids";

    internal static CaiseyUser Read(System.Data.Common.DbDataReader r, int first) =>
        new(r.GetString(first), r.GetString(first + 1), SplitGroups(r.GetString(first + 2)));

    /// <summary>The user when the password matches; null otherwise (unknown user or wrong password alike).</summary>
    public CaiseyUser? Verify(string username, string password)
    {
        var found = database.Query(
            "SELECT username, password_hash, role, client_group_ids FROM users WHERE lower(username) = lower(@u)",
            r => (User: new CaiseyUser(r.GetString(0), r.GetString(2), SplitGroups(r.GetString(3))), Hash: r.GetString(1)), ("@u", username));
        if (found.Count == 0)
        {
            _hasher.HashPassword(username, password); // same cost as a real check: no user-enumeration by timing
            return null;
        }
        var (user, hash) = found[0];
        return _hasher.VerifyHashedPassword(user.Username, hash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    private static string[] SplitGroups(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
