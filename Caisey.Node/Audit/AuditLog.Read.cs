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
            where.Add(EndpointTargets);
            if (_write is not null)
                where.Add(SqliteEndpointKeys);
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

    /// <summary>The endpoint <c>@e</c> and every target below it: [endpoints/x/, endpoints/x0) ('0' follows '/').</summary>
    internal const string EndpointTargets = "(target = @e OR (target >= @e || '/' AND target < @e || '0'))";

    /// <summary>
    /// <c>audit.db</c> has no index on the target of every record: the endpoint's targets come from the first record of
    /// each (a partial index, searched by the one range [endpoints/x, endpoints/x0) — an OR of two ranges would scan it),
    /// their records by key (see <c>MigrateIndexes</c>).
    /// </summary>
    internal const string SqliteEndpointKeys =
        "target_key IN (SELECT target_key FROM audit WHERE (step IS NULL OR step = 0) AND target >= @e AND target < @e || '0' AND " + EndpointTargets + ")";

    /// <summary>The records of one target, in seq order.</summary>
    public IReadOnlyList<AuditRecord> ForTarget(string target)
    {
        using var connection = OpenRead();
        var (where, parameters) = TargetIs(target);
        using var command = Command(connection, $"SELECT {Columns} FROM audit WHERE {where} ORDER BY seq", parameters);
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
        var (where, parameters) = TargetIs(target);
        using var command = Command(connection, $"SELECT COALESCE(MAX(step), -1) FROM audit WHERE {where}", parameters);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A target's records: by key in <c>audit.db</c> (its index), by target on PostgreSQL.</summary>
    private (string Where, (string, object?)[] Parameters) TargetIs(string target) => _write is not null
        ? ("target_key = @k AND target = @t", [("@k", AuditTargets.Key(target)), ("@t", target)])
        : ("target = @t", [("@t", target)]);

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
