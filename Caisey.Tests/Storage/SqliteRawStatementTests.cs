using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Storage;

/// <summary>The writers' raw statements bind, run and fail as Microsoft.Data.Sqlite does, on a real SQLite file.</summary>
public sealed class SqliteRawStatementTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-raw-").FullName;
    private readonly SqliteConnection _connection;

    public SqliteRawStatementTests()
    {
        _connection = new SqliteConnection($"Data Source={Path.Combine(_dir, "t.db")};Pooling=False");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, note TEXT, data BLOB NOT NULL, n INTEGER);";
        create.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Values_AreStoredAsBound_TextOfAnyLength_NullsAndAnEmptyBlob()
    {
        var longText = string.Concat(Enumerable.Repeat("é€😀-", 300)); // past SQLitePCL's 512-byte stack path
        using (var insert = new SqliteRawStatement(_connection, "INSERT INTO t (id, name, note, data, n) VALUES (?1, ?2, ?3, ?4, ?5)"))
        {
            insert.Bind(1, 1).Bind(2, "ünï").Bind(3, (string?)null).BindBlob(4, [1, 2, 3]).Bind(5, (long?)null).Execute();
            insert.Bind(1, 2).Bind(2, longText).Bind(3, "x").BindBlob(4, []).Bind(5, long.MaxValue).Execute();
        }

        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT name, note, data, n FROM t ORDER BY id";
        using var reader = read.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("ünï", reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])reader.GetValue(2));
        Assert.True(reader.IsDBNull(3));
        Assert.True(reader.Read());
        Assert.Equal(longText, reader.GetString(0));
        Assert.Empty((byte[])reader.GetValue(2)); // an empty blob, not NULL (the column is NOT NULL)
        Assert.Equal(long.MaxValue, reader.GetInt64(3));
    }

    [Fact]
    public void AConstraintError_ThrowsSqliteException_ChangesNothing_AndTheStatementRunsAgain()
    {
        using var insert = new SqliteRawStatement(_connection, "INSERT INTO t (id, name, data) VALUES ($p0, $p1, $p2)");
        insert.Bind(1, 1).Bind(2, "a").BindBlob(3, [0]).Execute();

        var error = Assert.Throws<SqliteException>(() => insert.Bind(1, 2).Bind(2, "a").BindBlob(3, [0]).Execute());

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(2067, error.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_UNIQUE
        Assert.Contains("UNIQUE constraint failed: t.name", error.Message, StringComparison.Ordinal);
        insert.Bind(1, 3).Bind(2, "b").BindBlob(3, [0]).Execute();
        using var count = _connection.CreateCommand();
        count.CommandText = "SELECT group_concat(id) FROM t";
        Assert.Equal("1,3", count.ExecuteScalar());
    }

    [Fact]
    public void ExecuteInt64_ReadsTheFirstColumn_AndZeroWithoutARow_BindingsClearedBetweenRuns()
    {
        using (var insert = new SqliteRawStatement(_connection, "INSERT INTO t (id, name, data) VALUES (?1, ?2, x'00')"))
            insert.Bind(1, 7).Bind(2, "seven").Execute();
        using var exists = new SqliteRawStatement(_connection, "SELECT EXISTS (SELECT 1 FROM t WHERE name = ?1)");
        using var find = new SqliteRawStatement(_connection, "SELECT id FROM t WHERE name = ?1");

        Assert.Equal(1, exists.Bind(1, "seven").ExecuteInt64());
        Assert.Equal(0, exists.Bind(1, "eight").ExecuteInt64());
        Assert.Equal(7, find.Bind(1, "seven").ExecuteInt64());
        Assert.Equal(0, find.Bind(1, "eight").ExecuteInt64());
        Assert.Equal(0, find.ExecuteInt64()); // unbound after the last run: NULL matches nothing
    }

    [Fact]
    public void ABadStatement_IsRefusedAtPreparation_WithSQLitesMessage()
    {
        var error = Assert.Throws<SqliteException>(() => new SqliteRawStatement(_connection, "INSERT INTO missing VALUES (1)"));

        Assert.Contains("no such table: missing", error.Message, StringComparison.Ordinal);
    }
}
