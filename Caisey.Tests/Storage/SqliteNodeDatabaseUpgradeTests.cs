using Caisey.Node.Auth;
using Caisey.Node.Storage;
using Caisey.Tests.Runtime;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Storage;

public sealed class SqliteNodeDatabaseUpgradeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-nodedb-").FullName;

    [Fact]
    public void ANodeDbFromBeforePostgres_StillOpens_AndItsUsersLogInInAnyCase()
    {
        var path = Path.Combine(_dir, "node.db");
        using (var old = new SqliteConnection($"Data Source={path}"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // node.db as the previous release left it: schema version 2, one user.
            command.CommandText = string.Join(";", NodeDatabase.Schema.Sqlite.Take(2)) + """
                ; INSERT INTO users VALUES ('Alice', 'x', 'admin', '', '2026-01-01T08:00:00.0000000+00:00');
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        var time = new FakeTimeProvider();
        var users = new UserStore(new NodeDatabase(path), time);
        Assert.Equal("Alice", users.Find("alice")?.Username);
        Assert.False(users.Create("ALICE", "pw", Roles.Admin, []));
        Assert.True(users.Create("bob", "pw", Roles.Admin, []));
        Assert.Equal("bob", users.Verify("BOB", "pw")?.Username);
        Assert.Equal(NodeDatabase.Schema.Sqlite.Count, UserVersion(path));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static long UserVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }
}
