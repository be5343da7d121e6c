using System.Globalization;

namespace Caisey.Node.Audit;

public sealed partial class AuditLog
{
    /// <summary>
    /// Walks the whole log in seq order and recomputes the chain: seq must count 1, 2, 3, ...; each record's
    /// <c>prevHash</c> must be the previous record's hash; each hash must match its fields as stored (the time text
    /// included). The first record that breaks any of these (for a removed record: the missing seq) is
    /// <see cref="AuditVerification.FirstBadSeq"/>.
    /// </summary>
    /// <remarks>Reads one consistent snapshot (a single read transaction) while appends go on.</remarks>
    public AuditVerification Verify()
    {
        using var connection = OpenRead();
        using var tx = BeginSnapshot(connection);
        using var command = Command(connection, $"SELECT {Columns} FROM audit ORDER BY seq");
        command.Transaction = tx;
        using var reader = command.ExecuteReader();
        long count = 0;
        long? firstBad = null;
        var previous = AuditHash.Genesis;
        while (reader.Read())
        {
            count++;
            var (seq, hash) = (reader.GetInt64(0), reader.GetString(6));
            if (firstBad is null)
            {
                if (seq != count)
                    firstBad = count;
                else if (reader.GetString(7) != previous || !Intact(reader.GetString(1), hash, r => AuditHash.Compute(
                    seq, r, reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(7))))
                    firstBad = seq;
            }
            previous = hash;
        }
        return new AuditVerification(firstBad is null, count, firstBad, previous);
    }

    /// <summary>The time must read back to exactly its stored text, and the hash must match.</summary>
    private static bool Intact(string atText, string hash, Func<DateTimeOffset, string> compute) =>
        DateTimeOffset.TryParseExact(atText, AuditHash.AtFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
        && AuditHash.FormatAt(at) == atText
        && compute(at) == hash;
}
