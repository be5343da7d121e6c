using Caisey.Node.Audit;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Audit;

/// <summary>The chain in a node's own <c>audit.db</c>.</summary>
public sealed class SqliteAuditLogChainTests : AuditLogChainSpec
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("caisey-audit-").FullName, "audit.db");

    protected override Task<AuditLog> CreateAsync() => Task.FromResult(new AuditLog(_path));

    protected override AuditLog Reopen() => new(_path);

    protected override async Task<int> ExecuteDirectlyAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    protected override Task CleanUpAsync()
    {
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
        return Task.CompletedTask;
    }
}
