using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Caisey.Node.Hosting;

namespace Caisey.Node.Security;

/// <summary>
/// Transport security: https:// URLs are served with the configured certificate; plain http:// only on loopback
/// unless explicitly allowed. The certificate's SHA-256 is logged so agents can pin it (<c>enroll --pin</c>).
/// </summary>
public static partial class NodeTls
{
    /// <summary>Every problem with the URLs and TLS settings together.</summary>
    public static IReadOnlyList<string> Validate(NodeOptions node, TlsOptions tls)
    {
        var errors = new List<string>();
        foreach (var uri in Urls(node))
        {
            if (uri.Scheme == Uri.UriSchemeHttps && (tls.CertificateFile.Length == 0 || tls.KeyFile.Length == 0))
                errors.Add($"caisey.node.urls: '{uri}' is https, so caisey.node.tls.certificate-file and key-file must be set.");
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri.Host) && !tls.AllowPlainHttpOffLoopback)
                errors.Add($"caisey.node.urls: '{uri}' is plain http off loopback; serve https (caisey.node.tls) or set caisey.node.tls.allow-plain-http-off-loopback = true behind a TLS proxy.");
        }
        foreach (var file in new[] { tls.CertificateFile, tls.KeyFile }.Where(f => f.Length > 0 && !File.Exists(f)))
            errors.Add($"caisey.node.tls: '{file}' does not exist.");
        return errors;
    }

    public static X509Certificate2? LoadCertificate(TlsOptions tls)
    {
        if (tls.CertificateFile.Length == 0)
            return null;
        using var pem = X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile);
        // Export/import so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The hex SHA-256 of the certificate, as agents pin it.</summary>
    public static string Sha256(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    public static WebApplicationBuilder UseNodeTls(this WebApplicationBuilder builder, X509Certificate2? certificate)
    {
        if (certificate is null)
            return builder;
        builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out unless asked
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        return builder;
    }

    private static IEnumerable<Uri> Urls(NodeOptions node) =>
        node.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>();

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
