using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Caisey.Node.Audit;

/// <summary>
/// The chain's hash: lowercase hex SHA-256 over the canonical encoding of
/// <c>(seq, at, actor, action, target, detail, prevHash)</c>, each field as a netstring
/// <c>{UTF-8 byte length}:{UTF-8 bytes},</c>. <c>seq</c> is decimal, <c>at</c> is <see cref="FormatAt"/>.
/// The first record's <c>prevHash</c> is <see cref="Genesis"/> (64 zeros).
/// </summary>
public static class AuditHash
{
    public const string AtFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static readonly string Genesis = new('0', 64);

    public static string Compute(long seq, DateTimeOffset at, string actor, string action, string target, string detail, string prevHash)
    {
        var canonical = new StringBuilder();
        foreach (var field in (string[])[seq.ToString(CultureInfo.InvariantCulture), FormatAt(at), actor, action, target, detail, prevHash])
            canonical.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append(',');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public static string Compute(AuditRecord r) => Compute(r.Seq, r.At, r.Actor, r.Action, r.Target, r.Detail, r.PrevHash);

    /// <summary>ISO 8601 UTC with milliseconds, as stored and as the API writes it.</summary>
    public static string FormatAt(DateTimeOffset at) => at.UtcDateTime.ToString(AtFormat, CultureInfo.InvariantCulture);

    /// <summary>Drops sub-millisecond ticks, so that the stored text and the value agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
