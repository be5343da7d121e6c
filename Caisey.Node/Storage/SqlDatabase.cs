using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Storage;

/// <summary>
/// One store's database, on either provider: its own SQLite file (WAL, <c>synchronous=FULL</c>: a write is on disk when
/// its call returns), or the cluster's shared PostgreSQL. Stores write their SQL once, with <c>@name</c> parameters,
/// and run each call on a connection of their own (PostgreSQL: pooled; SQLite: kept open with its statements prepared).
/// </summary>
/// <remarks>
/// On SQLite, <see cref="Execute"/>, <see cref="Scalar"/> and <see cref="Query{T}"/> run on a few connections kept open with
/// their statements prepared (<see cref="SqliteStatements"/>): a store's SQL is parsed and planned once per connection,
/// not on every call (every API request checks its token with one).
/// SQLite migrates when opened. PostgreSQL migrates in <see cref="MigrateAsync"/>, which the node runs at start
/// (<see cref="NodeStorage"/>) before anything reads.
/// </remarks>
public class SqlDatabase : IDisposable
{
    private readonly SqlSchema _schema;
    private readonly string? _sqliteConnectionString;
    private readonly PostgresDatabase? _postgres;

    /// <summary>A SQLite file, migrated now.</summary>
    public SqlDatabase(SqlSchema schema, string sqliteFile)
    {
        _schema = schema;
        Dialect = SqlDialect.Sqlite;
        var path = Path.GetFullPath(sqliteFile);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _sqliteConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
        _statements = new IdlePool<SqliteStatements>(NewStatements, MaxKeptConnections);
        using var connection = Open();
        MigrateSqlite((SqliteConnection)connection, path);
    }

    /// <summary>The shared PostgreSQL database; call <see cref="MigrateAsync"/> before use.</summary>
    /// <param name="notifications">This node's listener, for stores that keep caches; null when nothing needs it.</param>
    public SqlDatabase(SqlSchema schema, PostgresDatabase postgres, PostgresNotifications? notifications = null)
    {
        _schema = schema;
        _postgres = postgres;
        Dialect = SqlDialect.Postgres;
        Notifications = notifications;
    }

    public SqlDialect Dialect { get; }

    /// <summary>Changes made by other nodes (PostgreSQL only); null on SQLite, where this node is the only writer.</summary>
    public PostgresNotifications? Notifications { get; }

    public bool IsShared => _postgres is not null;

    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        _postgres?.MigrateAsync(_schema.Component, _schema.Postgres, cancellationToken) ?? Task.CompletedTask;

    /// <summary>An open connection; the caller disposes it (back to the pool).</summary>
    public DbConnection Open()
    {
        if (_postgres is not null)
            return _postgres.DataSource.OpenConnection();
        var connection = new SqliteConnection(_sqliteConnectionString);
        connection.Open();
        // Per physical connection, not per use: a pooled connection keeps its settings (every API request opens one).
        if (!_configured.TryGetValue(connection.Handle!, out _))
        {
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";
            pragmas.ExecuteNonQuery();
            _configured.AddOrUpdate(connection.Handle!, Configured);
        }
        return connection;
    }

    private static readonly object Configured = new();

    /// <summary>The SQLite connections (native handles, which pooling reuses) whose settings are applied.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        _postgres is not null ? await _postgres.OpenAsync(cancellationToken).ConfigureAwait(false) : Open();

    /// <summary>A command on <paramref name="connection"/>; values go through <see cref="SqlDialect.Bind"/>.</summary>
    public DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = Dialect.Bind(value);
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <returns>The number of rows changed.</returns>
    public int Execute(string sql, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, static (command, _) => command.ExecuteNonQuery(), (object?)null);

    public object? Scalar(string sql, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, static (command, _) => command.ExecuteScalar() switch { DBNull => null, var value => value }, (object?)null);

    public List<T> Query<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters) =>
        Run(sql, parameters, static (command, read) =>
        {
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
                rows.Add(read(reader));
            return rows;
        }, read);

    /// <summary>Runs one statement: on SQLite on a kept connection with the statement prepared; on PostgreSQL on a pooled
    /// connection (Npgsql prepares by itself).</summary>
    private TResult Run<TResult, TState>(string sql, (string Name, object? Value)[] parameters, Func<DbCommand, TState, TResult> run, TState state)
    {
        if (_postgres is not null)
        {
            using var connection = Open();
            using var command = Command(connection, sql, parameters);
            return run(command, state);
        }
        var statements = RentStatements();
        TResult result;
        try
        {
            result = statements.Run(sql, parameters, Dialect, run, state);
        }
        catch
        {
            // A connection that failed mid-statement is not kept.
            statements.Dispose();
            throw;
        }
        _statements!.Return(statements);
        return result;
    }

    /// <summary>A kept connection; after <see cref="Dispose"/> (calls still running as the node stops) one of its own.</summary>
    private SqliteStatements RentStatements()
    {
        try
        {
            return _statements!.Rent();
        }
        catch (ObjectDisposedException)
        {
            return NewStatements();
        }
    }

    private SqliteStatements NewStatements() => new((SqliteConnection)Open(), () => Interlocked.Increment(ref _preparations));

    /// <summary>SQLite connections kept open for <see cref="Run"/> (a burst beyond this opens and closes pooled ones).</summary>
    private const int MaxKeptConnections = 4;

    /// <summary>SQLite only: the kept connections.</summary>
    private readonly IdlePool<SqliteStatements>? _statements;
    private long _preparations;

    /// <summary>Statements prepared to be kept so far (SQLite): one per statement text and kept connection.</summary>
    internal long Preparations => Interlocked.Read(ref _preparations);

    /// <summary>SQLite connections kept open now, idle.</summary>
    internal int KeptConnections => _statements?.IdleCount ?? 0;

    /// <summary>Closes the kept SQLite connections (those in use close when their call ends).</summary>
    public void Dispose()
    {
        _statements?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Tells every node that <paramref name="key"/> of <paramref name="topic"/> changed (PostgreSQL <c>NOTIFY</c>,
    /// call it after the change committed); nothing on SQLite, where this node is the only writer.</summary>
    public async ValueTask NotifyAsync(string topic, string key, CancellationToken cancellationToken = default)
    {
        if (_postgres is null)
            return;
        await using var connection = await _postgres.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT pg_notify(@channel, @payload)",
            ("@channel", PostgresNotifications.Channel), ("@payload", PostgresNotifications.Payload(topic, key)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="NotifyAsync"/>
    public void Notify(string topic, string key)
    {
        if (_postgres is null)
            return;
        Execute("SELECT pg_notify(@channel, @payload)",
            ("@channel", PostgresNotifications.Channel), ("@payload", PostgresNotifications.Payload(topic, key)));
    }

    private void MigrateSqlite(SqliteConnection connection, string path)
    {
        using var version = connection.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        var current = Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (current > _schema.Sqlite.Count)
            throw new InvalidOperationException($"'{path}' has schema version {current}, newer than this node knows ({_schema.Sqlite.Count}); upgrade Caisey.");
        for (var v = current; v < _schema.Sqlite.Count; v++)
        {
            using var tx = connection.BeginTransaction();
            using var step = connection.CreateCommand();
            step.Transaction = tx;
            step.CommandText = _schema.Sqlite[v] + $"; PRAGMA user_version = {v + 1};";
            step.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
