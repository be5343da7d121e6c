using System.Security.Cryptography;

namespace Caisey.Node.Storage;

/// <summary>Unguessable tokens and their stored form: only a SHA-256 hash of a token is ever stored.</summary>
/// <remarks>Tokens carry 256 random bits, so a fast hash is enough (a slow password hash buys nothing here).</remarks>
public static class Secrets
{
    public static string NewToken(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
