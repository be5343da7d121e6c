using System.Data.Common;
using Caisey.Node.Storage;

namespace Caisey.Tests.Storage;

/// <summary>The node's SQLite stores apply their settings once per physical connection; a pooled one keeps them.</summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("caisey-sqlite-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EveryConnection_NewOrReusedFromThePool_HasTheNodeSettings()
    {
        var database = new NodeDatabase(Path.Combine(_dir, "node.db"));

        // Several at once (several physical connections), then again (the same ones, from the pool).
        var handles = new List<HashSet<object>>();
        for (var round = 0; round < 2; round++)
        {
            var open = Enumerable.Range(0, 4).Select(_ => database.Open()).ToList();
            handles.Add([.. open.Select(c => (object)((Microsoft.Data.Sqlite.SqliteConnection)c).Handle!)]);
            foreach (var connection in open)
            {
                Assert.Equal("wal", Pragma(connection, "journal_mode"));
                Assert.Equal("2", Pragma(connection, "synchronous")); // FULL
                Assert.Equal("5000", Pragma(connection, "busy_timeout"));
                Assert.Equal("1", Pragma(connection, "foreign_keys"));
            }
            open.ForEach(c => c.Dispose());
        }
        // What applying them once per physical connection relies on: the pool hands the same native connections out again.
        Assert.True(handles[1].Overlaps(handles[0]), "The pool opened new native connections instead of reusing them.");
    }

    private static string Pragma(DbConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
