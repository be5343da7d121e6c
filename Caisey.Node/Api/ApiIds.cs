using System.Security.Cryptography;
using Caisey.Node.Storage;

namespace Caisey.Node.Api;

/// <summary>Unguessable ids for what the API creates: 22 characters of the base64url alphabet after the prefix.</summary>
public static class ApiIds
{
    /// <summary>The base64url characters in byte (ordinal) order.</summary>
    private const string Ordered = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// <c>cmd_</c>, the creation time (milliseconds since 1970, 8 characters that sort like the time) and 84 random bits.
    /// Ids of commands created later sort after, so the records of the commands in flight are neighbours in an index keyed
    /// by the id (the audit log's, the journal's payloads stay as they were); the random part keeps them unguessable.
    /// </summary>
    public static string NewCommandId() => NewCommandId(DateTimeOffset.UtcNow);

    internal static string NewCommandId(DateTimeOffset createdAt)
    {
        Span<char> id = stackalloc char[4 + 8 + 14];
        "cmd_".CopyTo(id);
        var ms = createdAt.ToUnixTimeMilliseconds();
        for (var i = 11; i >= 4; i--, ms >>= 6)
            id[i] = Ordered[(int)(ms & 63)];
        Span<byte> random = stackalloc byte[14];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 14; i++)
            id[12 + i] = Ordered[random[i] & 63];
        return new string(id);
    }

    public static string NewApprovalId() => "apr_" + Secrets.NewToken("")[..22];

    public static string NewBatchId() => "bat_" + Secrets.NewToken("")[..22];
}
