using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Caisey.Agent.Bridge;

/// <summary>
/// How the agent trusts a node's TLS certificate: the system's trust store, or — when enrollment pinned
/// one — only a leaf certificate whose SHA-256 (hex) equals the pin, whatever its chain.
/// </summary>
public static class CertificatePin
{
    public static bool Accepts(X509Certificate? certificate, SslPolicyErrors errors, string? pinnedSha256)
    {
        if (string.IsNullOrWhiteSpace(pinnedSha256))
            return errors == SslPolicyErrors.None;
        if (certificate is null)
            return false;
        var actual = Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
        return string.Equals(actual, Normalize(pinnedSha256), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The pin as 64 upper-case hex digits; accepts <c>AB:CD:...</c> and spaces.</summary>
    public static string Normalize(string pin) =>
        new([.. pin.Where(c => c is not (':' or ' ' or '-')).Select(char.ToUpperInvariant)]);

    /// <summary>True when <paramref name="pin"/> is a SHA-256 in hex (64 digits, separators allowed).</summary>
    public static bool IsValid(string pin)
    {
        var normalized = Normalize(pin);
        return normalized.Length == 64 && normalized.All(Uri.IsHexDigit);
    }
}
