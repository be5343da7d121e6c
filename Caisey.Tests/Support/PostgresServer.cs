using System.Diagnostics;
using Npgsql;

namespace Caisey.Tests.Support;

/// <summary>
/// The real PostgreSQL server the cluster tests run against, and a fresh database per test.
/// </summary>
/// <remarks>
/// Uses <c>CAISEY_TEST_POSTGRES</c> (a connection string to a role that may create databases) when set. Otherwise it
/// connects to 127.0.0.1:5432 as role <c>caisey</c>; when that fails it starts Debian's cluster
/// (<c>pg_ctlcluster VERSION main start</c>, which runs the server as the <c>postgres</c> user) and creates the role.
/// <c>test.sh</c> installs Debian's <c>postgresql</c> package.
/// </remarks>
public static class PostgresServer
{
    private const string DefaultAdmin = "Host=127.0.0.1;Port=5432;Username=caisey;Password=caisey;Database=postgres;Pooling=false;Timeout=5";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _admin;

    /// <summary>Creates an empty database and returns its connection string; dispose the result to drop it.</summary>
    public static async Task<TestDatabase> CreateDatabaseAsync()
    {
        var admin = await AdminAsync();
        var name = "caisey_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    private static async Task<string> AdminAsync()
    {
        if (_admin is not null)
            return _admin;
        await Gate.WaitAsync();
        try
        {
            if (_admin is not null)
                return _admin;
            var configured = Environment.GetEnvironmentVariable("CAISEY_TEST_POSTGRES");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                await ProbeAsync(configured);
                return _admin = configured;
            }
            if (await TryProbeAsync(DefaultAdmin))
                return _admin = DefaultAdmin;
            StartDebianCluster();
            Run("runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-qc",
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'caisey') THEN CREATE ROLE caisey LOGIN SUPERUSER PASSWORD 'caisey'; END IF; END$$;");
            await ProbeAsync(DefaultAdmin);
            return _admin = DefaultAdmin;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void StartDebianCluster()
    {
        if (!File.Exists("/usr/bin/pg_lsclusters"))
            throw new InvalidOperationException("PostgreSQL is not installed: run ./test.sh (it installs Debian's postgresql) or set CAISEY_TEST_POSTGRES.");
        var clusters = Run("pg_lsclusters", "--no-header").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (clusters.Length == 0)
            throw new InvalidOperationException("PostgreSQL is installed but has no cluster (pg_createcluster was not run).");
        var fields = clusters[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!string.Equals(fields[3], "online", StringComparison.Ordinal))
            Run("pg_ctlcluster", fields[0], fields[1], "start");
    }

    private static async Task<bool> TryProbeAsync(string connectionString)
    {
        try
        {
            await ProbeAsync(connectionString);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task ProbeAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
            throw new TimeoutException($"{file} did not finish in 60 s");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return output;
    }
}

/// <summary>A database created for one test; disposing drops it (closing its connections).</summary>
public sealed class TestDatabase(string admin, string name, string connectionString) : IAsyncDisposable
{
    public string Name => name;

    public string ConnectionString => connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
