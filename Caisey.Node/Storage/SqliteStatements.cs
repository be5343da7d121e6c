using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Storage;

/// <summary>
/// One open SQLite connection of a <see cref="SqlDatabase"/> with the statements run on it so far, prepared once and
/// reused with new parameter values: parsing and planning a statement cost more than running a point lookup. Used by one
/// caller at a time (the database hands it out and takes it back).
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection, Action prepared) : IDisposable
{
    /// <summary>Statements kept per connection; further ones (stores write a fixed set) are prepared per call.</summary>
    private const int MaxStatements = 64;

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    public TResult Run<TResult, TState>(string sql, (string Name, object? Value)[] parameters, SqlDialect dialect,
        Func<DbCommand, TState, TResult> run, TState state)
    {
        var kept = _prepared.TryGetValue(sql, out var command);
        if (!kept)
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
        }
        try
        {
            Bind(command!, parameters, dialect);
            if (!kept && _prepared.Count < MaxStatements)
            {
                command!.Prepare();
                _prepared.Add(sql, command);
                kept = true;
                prepared();
            }
            return run(command!, state);
        }
        finally
        {
            if (!kept)
                command!.Dispose();
        }
    }

    /// <summary>Sets this call's values on the command's parameters (rebuilt only when the names differ from last time).</summary>
    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters, SqlDialect dialect)
    {
        var same = command.Parameters.Count == parameters.Length;
        for (var i = 0; same && i < parameters.Length; i++)
            same = command.Parameters[i].ParameterName == parameters[i].Name;
        if (!same)
        {
            command.Parameters.Clear();
            foreach (var (name, _) in parameters)
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        for (var i = 0; i < parameters.Length; i++)
            command.Parameters[i].Value = dialect.Bind(parameters[i].Value);
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
            command.Dispose();
        _prepared.Clear();
        connection.Dispose();
    }
}
