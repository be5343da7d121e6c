using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Audit;

public sealed partial class AuditLog
{
    private const string Columns = "seq, at, actor, action, target, detail, hash, prev_hash";

    /// <summary>Records in seq order; <paramref name="endpointId"/> keeps the endpoint's own records and those below it
    /// (its commands and transcripts); <paramref name="from"/> and <paramref name="to"/> bound <c>at</c> (inclusive).</summary>
    public IReadOnlyList<AuditRecord> Query(string? endpointId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        if (endpointId is not null)
        {
            // [endpoints/x/, endpoints/x0) holds every target below endpoints/x ('0' follows '/').
            where.Add("(target = @e OR (target >= @e || '/' AND target < @e || '0'))");
            parameters.Add(("@e", AuditTargets.Endpoint(endpointId)));
        }
        if (from is { } f)
        {
            where.Add("at >= @from");
            parameters.Add(("@from", AuditHash.FormatAt(AuditHash.Truncate(f))));
        }
        if (to is { } t)
        {
            where.Add("at <= @to");
            parameters.Add(("@to", AuditHash.FormatAt(AuditHash.Truncate(t))));
        }
        using var connection = OpenRead();
        using var command = Command(connection,
            $"SELECT {Columns} FROM audit {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")} ORDER BY seq", [.. parameters]);
        return ReadAll(command);
    }

    /// <summary>The records of one target, in seq order.</summary>
    public IReadOnlyList<AuditRecord> ForTarget(string target)
    {
        using var connection = OpenRead();
        using var command = Command(connection, $"SELECT {Columns} FROM audit WHERE target = @t ORDER BY seq", ("@t", target));
        return ReadAll(command);
    }

    private long _stepLookups;

    /// <summary><see cref="LastStep"/> calls so far (each a read of the log).</summary>
    internal long StepLookups => Interlocked.Read(ref _stepLookups);

    /// <summary>The highest command step recorded for <paramref name="target"/>; -1 when none is.</summary>
    public int LastStep(string target)
    {
        Interlocked.Increment(ref _stepLookups);
        using var connection = OpenRead();
        using var command = Command(connection, "SELECT COALESCE(MAX(step), -1) FROM audit WHERE target = @t", ("@t", target));
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private DbConnection OpenRead()
    {
        if (_shared is not null)
            return _shared.Open();
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A transaction that reads one snapshot: deferred on SQLite, repeatable read on PostgreSQL.</summary>
    private static DbTransaction BeginSnapshot(DbConnection connection) =>
        connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : connection.BeginTransaction(IsolationLevel.RepeatableRead);

    private static List<AuditRecord> ReadAll(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var records = new List<AuditRecord>();
        while (reader.Read())
            records.Add(Read(reader));
        return records;
    }

    private static AuditRecord Read(DbDataReader reader) => new(
        reader.GetInt64(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
        reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7));
}
