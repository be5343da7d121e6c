using System.Globalization;

namespace Caisey.Node.Storage;

/// <summary>
/// What differs between SQLite and PostgreSQL once the SQL is written for both (<c>@name</c> parameters,
/// <c>ON CONFLICT</c>, <c>RETURNING</c>, <c>lower()</c>): how a timestamp is stored, and whether writers must queue.
/// Booleans and byte arrays bind as they are (SQLite stores 0/1 and BLOB; PostgreSQL boolean and bytea).
/// </summary>
public sealed class SqlDialect
{
    /// <summary>Timestamps as ISO 8601 text in UTC (<c>O</c>, fixed width, so text order is time order).</summary>
    public static readonly SqlDialect Sqlite = new("sqlite", serializeWrites: true);

    /// <summary>Timestamps as <c>timestamptz</c>.</summary>
    public static readonly SqlDialect Postgres = new("postgres", serializeWrites: false);

    private SqlDialect(string name, bool serializeWrites) => (Name, SerializeWrites) = (name, serializeWrites);

    public string Name { get; }

    /// <summary>True when the database has one writer at a time (SQLite): a hot writer queues in-process rather than retry on busy.</summary>
    public bool SerializeWrites { get; }

    /// <summary>A value as bound to a parameter: timestamps become UTC (text on SQLite), null becomes <see cref="DBNull"/>.</summary>
    public object Bind(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset at when this == Sqlite => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset at => at.ToUniversalTime(),
        _ => value,
    };

    /// <summary>Reads a timestamp written through <see cref="Bind"/> (or by earlier SQLite versions of the stores), in UTC.</summary>
    public static DateTimeOffset ReadTimestamp(System.Data.Common.DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
        DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
        DateTimeOffset at => at.ToUniversalTime(),
        var other => throw new InvalidCastException($"Column {reader.GetName(ordinal)} holds {other.GetType().Name}, not a timestamp."),
    };

    public static DateTimeOffset? ReadTimestampOrNull(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTimestamp(reader, ordinal);
}
