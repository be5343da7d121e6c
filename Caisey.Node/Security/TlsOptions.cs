namespace Caisey.Node.Security;

/// <summary><c>caisey.node.tls</c>: the certificate the node serves HTTPS with, and where plain HTTP is allowed.</summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate (chain) file; with <see cref="KeyFile"/>. Required for any https:// URL.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>PEM private key file of <see cref="CertificateFile"/>.</summary>
    public string KeyFile { get; set; } = "";

    /// <summary>Plain http:// on a non-loopback address is refused unless this is true (e.g. behind a TLS proxy).</summary>
    public bool AllowPlainHttpOffLoopback { get; set; }
}
