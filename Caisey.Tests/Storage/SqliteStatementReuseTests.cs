using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Storage;

/// <summary>A SQLite store's statements are prepared once per kept connection and reused with new values.</summary>
public sealed class SqliteStatementReuseTests : IDisposable
{
    private static readonly SqlSchema Schema = new("reuse",
        Sqlite: ["CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL, note TEXT)"],
        Postgres: []);

    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-sqlite-reuse-").FullName;
    private readonly SqlDatabase _database;

    public SqliteStatementReuseTests() => _database = new SqlDatabase(Schema, Path.Combine(_dir, "reuse.db"));

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void OneStatement_CalledManyTimes_IsPreparedOnce_AndBindsEachCallsValues()
    {
        for (var i = 0; i < 50; i++)
            _database.Execute("INSERT INTO items (id, n, note) VALUES (@id, @n, @note)", ("@id", $"item-{i}"), ("@n", i), ("@note", i % 2 == 0 ? null : "odd"));
        for (var i = 0; i < 50; i++)
        {
            var row = Assert.Single(_database.Query("SELECT n, note FROM items WHERE id = @id",
                r => (N: r.GetInt32(0), Note: r.IsDBNull(1) ? null : r.GetString(1)), ("@id", $"item-{i}")));
            Assert.Equal((i, i % 2 == 0 ? null : "odd"), row);
        }

        Assert.Equal(50L, _database.Scalar("SELECT COUNT(*) FROM items"));
        // One insert, one select, one count, on the one connection a sequential caller keeps getting back.
        Assert.Equal(3, _database.Preparations);
        Assert.Equal(1, _database.KeptConnections);
    }

    [Fact]
    public void AFailingStatement_ThrowsItsError_AndTheNextCallsWork()
    {
        _database.Execute("INSERT INTO items (id, n) VALUES (@id, @n)", ("@id", "a"), ("@n", 1));

        var error = Assert.Throws<SqliteException>(() => _database.Execute("INSERT INTO items (id, n) VALUES (@id, @n)", ("@id", "a"), ("@n", 2)));
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT

        _database.Execute("INSERT INTO items (id, n) VALUES (@id, @n)", ("@id", "b"), ("@n", 2));
        Assert.Equal(3L, _database.Scalar("SELECT SUM(n) FROM items"));
    }

    [Fact]
    public async Task ConcurrentCallers_EachGetTheirOwnConnection_AndAtMostAFewAreKept()
    {
        await Parallel.ForAsync(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (i, _) =>
        {
            _database.Execute("INSERT INTO items (id, n) VALUES (@id, @n)", ("@id", $"c-{i}"), ("@n", i));
            Assert.Equal(i, Assert.Single(_database.Query("SELECT n FROM items WHERE id = @id", r => r.GetInt32(0), ("@id", $"c-{i}"))));
            return ValueTask.CompletedTask;
        });

        Assert.Equal(400L, _database.Scalar("SELECT COUNT(*) FROM items"));
        Assert.InRange(_database.KeptConnections, 1, 4);
    }

    [Fact]
    public void AfterDispose_NothingIsKept_AndCallsStillWork()
    {
        _database.Execute("INSERT INTO items (id, n) VALUES (@id, @n)", ("@id", "a"), ("@n", 1));
        Assert.Equal(1, _database.KeptConnections);

        _database.Dispose();

        Assert.Equal(0, _database.KeptConnections);
        Assert.Equal(1L, _database.Scalar("SELECT COUNT(*) FROM items"));
        Assert.Equal(0, _database.KeptConnections);
    }
}
