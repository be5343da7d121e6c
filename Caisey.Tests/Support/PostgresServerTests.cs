using Npgsql;

namespace Caisey.Tests.Support;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task A_test_database_is_a_real_empty_PostgreSQL_database_and_is_dropped_after()
    {
        string name, connectionString;
        await using (var db = await PostgresServer.CreateDatabaseAsync())
        {
            name = db.Name;
            connectionString = db.ConnectionString;
            await using var connection = new NpgsqlConnection(db.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
            Assert.Equal(0L, await command.ExecuteScalarAsync());
            Assert.True(connection.PostgreSqlVersion.Major >= 13, $"PostgreSQL {connection.PostgreSqlVersion} is older than 13");
        }
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var check = new NpgsqlConnection(admin.ConnectionString);
        await check.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", check);
        exists.Parameters.AddWithValue("n", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }
}
