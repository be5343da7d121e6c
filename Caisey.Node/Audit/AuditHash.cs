using System.Buffers;
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
    public const string AtFormat = Api.UtcDateTimeOffsetConverter.Format;

    public static readonly string Genesis = new('0', 64);

    public static string Compute(long seq, DateTimeOffset at, string actor, string action, string target, string detail, string prevHash)
    {
        Span<char> seqText = stackalloc char[20];
        seq.TryFormat(seqText, out var seqLength, provider: CultureInfo.InvariantCulture);
        Span<char> atText = stackalloc char[Api.UtcDateTimeOffsetConverter.Length];
        var atLength = Api.UtcDateTimeOffsetConverter.FormatUtc(at, atText);
        // Each field at most its UTF-8 maximum, plus its length in digits and ":" and ",".
        var capacity = 7 * 13 + Encoding.UTF8.GetMaxByteCount(seqLength + atLength + actor.Length + action.Length + target.Length + detail.Length + prevHash.Length);
        var rented = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var buffer = rented.AsSpan();
            var written = Netstring(seqText[..seqLength], buffer);
            written += Netstring(atText[..atLength], buffer[written..]);
            written += Netstring(actor, buffer[written..]);
            written += Netstring(action, buffer[written..]);
            written += Netstring(target, buffer[written..]);
            written += Netstring(detail, buffer[written..]);
            written += Netstring(prevHash, buffer[written..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(rented.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        // {UTF-8 byte length}:{UTF-8 bytes},
        static int Netstring(ReadOnlySpan<char> text, Span<byte> destination)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            bytes.TryFormat(destination, out var digits, provider: CultureInfo.InvariantCulture);
            destination[digits] = (byte)':';
            Encoding.UTF8.GetBytes(text, destination[(digits + 1)..]);
            destination[digits + 1 + bytes] = (byte)',';
            return digits + bytes + 2;
        }
    }

    public static string Compute(AuditRecord r) => Compute(r.Seq, r.At, r.Actor, r.Action, r.Target, r.Detail, r.PrevHash);

    /// <summary>ISO 8601 UTC with milliseconds, as stored and as the API writes it.</summary>
    public static string FormatAt(DateTimeOffset at) => Api.UtcDateTimeOffsetConverter.FormatUtc(at);

    /// <summary>Drops sub-millisecond ticks, so that the stored text and the value agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
