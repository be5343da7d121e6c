using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

/// <summary>A pooled read-only connection with its prepared queries (WAL lets readers run beside the writer).</summary>
internal sealed class SqliteReadConnection : IDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteReadConnection(SqliteConnection connection)
    {
        _connection = connection;
        Replay = Create(SqliteQueries.Replay, "$id", "$from", "$to", "$max");
        Highest = Create(SqliteQueries.Highest, "$id");
        LoadSnapshot = Create(SqliteQueries.LoadSnapshot, "$id", "$max");
        LoadWakeups = Create(SqliteQueries.LoadWakeups);
    }

    public SqliteCommand Replay { get; }

    public SqliteCommand Highest { get; }

    public SqliteCommand LoadSnapshot { get; }

    public SqliteCommand LoadWakeups { get; }

    public static SqliteReadConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA query_only = ON; PRAGMA busy_timeout = 5000;";
            pragmas.ExecuteNonQuery();
            return new SqliteReadConnection(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Replay.Dispose();
        Highest.Dispose();
        LoadSnapshot.Dispose();
        LoadWakeups.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Create(string sql, params ReadOnlySpan<string> parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }
}
