using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Caisey.Node.Audit;

namespace Caisey.Tests.Audit;

/// <summary>
/// The chain's hash is the documented canonical encoding (netstrings of UTF-8 fields, SHA-256, lowercase hex): a record
/// written by any build verifies in any other. The reference below is the encoding as <see cref="AuditHash"/> documents it.
/// </summary>
public sealed class AuditHashTests
{
    private static string Reference(long seq, DateTimeOffset at, params string[] rest)
    {
        var canonical = new StringBuilder();
        foreach (var field in new[] { seq.ToString(CultureInfo.InvariantCulture), at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) }.Concat(rest))
            canonical.Append(Encoding.UTF8.GetByteCount(field)).Append(':').Append(field).Append(',');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    public static TheoryData<long, string, string, string, string, string> Records => new()
    {
        { 1, "admin", "auth.login", "user:admin", "{}", AuditHash.Genesis },
        { 42, "tech@msp", "command.queued", "endpoint:ep_1/command:cmd_2", "{\"script\":\"echo héllo 🚀\"}", new string('a', 64) },
        { 1_234_567_890_123, "", "", "", "", "" },
        { 7, "Zoë", "x", "t", new string('d', 5000) + "ü", AuditHash.Genesis },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Compute_IsTheDocumentedEncoding(long seq, string actor, string action, string target, string detail, string prevHash)
    {
        var at = new DateTimeOffset(2026, 11, 22, 9, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        Assert.Equal(Reference(seq, at, actor, action, target, detail, prevHash), AuditHash.Compute(seq, at, actor, action, target, detail, prevHash));
    }

    [Fact]
    public void AKnownRecord_HasItsKnownHash()
    {
        // Pinned: a change of the encoding breaks every stored chain.
        var hash = AuditHash.Compute(1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "admin", "auth.login", "user:admin", "{}", AuditHash.Genesis);
        // sha256("1:1,24:2026-01-01T00:00:00.000Z,5:admin,10:auth.login,10:user:admin,2:{},64:000…0,"), computed outside .NET.
        Assert.Equal("c38c610ba373be813f13aa3f5e74182561998fc06f6c0a07ba641b1a1c2c1d9b", hash);
    }
}
