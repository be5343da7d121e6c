using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Caisey.Node.Enrollment;
using Caisey.Node.Hosting;
using Caisey.Tests.Agent.Bridge;
using Caisey.Tests.Hosting;

namespace Caisey.Tests.Security;

public sealed class NodeTlsTests
{
    [Fact]
    public async Task Https_AgentWithThePinnedCertificateHash_Enrolls_AndAnyOtherPinIsRefused()
    {
        var (certFile, keyFile, sha256) = WriteSelfSignedCertificate();
        await using var node = await TestNode.StartAsync(null,
            "caisey.node.urls=\"https://127.0.0.1:0\"", $"caisey.node.tls.certificate-file=\"{certFile}\"", $"caisey.node.tls.key-file=\"{keyFile}\"");
        Assert.Equal("https", node.BaseAddress.Scheme);
        var tokens = node.App.Services.GetRequiredService<EnrollmentTokenStore>();
        var server = node.BaseAddress.ToString().TrimEnd('/');

        var wrongPin = Convert.ToHexStringLower(SHA256.HashData("not the certificate"u8));
        var (refusedExit, refusedOutput) = await AgentProcess.RunAsync("enroll", "--server", server, "--token", tokens.Issue("default", 1, TimeSpan.FromMinutes(5), "t").Token,
            "--pin", wrongPin, "--data-dir", Directory.CreateTempSubdirectory("caisey-agent-").FullName);
        Assert.NotEqual(0, refusedExit);

        var (unpinnedExit, _) = await AgentProcess.RunAsync("enroll", "--server", server, "--token", tokens.Issue("default", 1, TimeSpan.FromMinutes(5), "t").Token,
            "--data-dir", Directory.CreateTempSubdirectory("caisey-agent-").FullName);
        Assert.NotEqual(0, unpinnedExit); // a self-signed certificate is not in the system trust store

        var dataDir = Directory.CreateTempSubdirectory("caisey-agent-").FullName;
        var (exit, output) = await AgentProcess.RunAsync("enroll", "--server", server, "--token", tokens.Issue("default", 1, TimeSpan.FromMinutes(5), "t").Token,
            "--pin", sha256, "--data-dir", dataDir);
        Assert.True(exit == 0, output + "\n(refused run said: " + refusedOutput + ")");
        Assert.Contains(sha256, await File.ReadAllTextAsync(Path.Combine(dataDir, "credential.json")), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://192.0.2.10:5080")]
    public void PlainHttpOffLoopback_IsRefusedAtStart_UnlessAllowed(string url)
    {
        var sets = new[] { $"caisey.node.urls=\"{url}\"", "caisey.node.local-agent.enabled=false", $"caisey.node.data-dir=\"{Directory.CreateTempSubdirectory("caisey-node-").FullName}\"" };
        var refused = Assert.Throws<InvalidOperationException>(() => NodeHost.Build(NodeConfiguration.Load(null, sets)));
        Assert.Contains("plain http off loopback", refused.Message, StringComparison.Ordinal);

        var allowed = NodeHost.Build(NodeConfiguration.Load(null, [.. sets, "caisey.node.tls.allow-plain-http-off-loopback=true"]));
        Assert.NotNull(allowed);
    }

    [Fact]
    public void HttpsUrl_WithoutCertificate_IsRefusedAtStart()
    {
        var sets = new[] { "caisey.node.urls=\"https://127.0.0.1:0\"", $"caisey.node.data-dir=\"{Directory.CreateTempSubdirectory("caisey-node-").FullName}\"" };
        var refused = Assert.Throws<InvalidOperationException>(() => NodeHost.Build(NodeConfiguration.Load(null, sets)));
        Assert.Contains("caisey.node.tls.certificate-file", refused.Message, StringComparison.Ordinal);
    }

    private static (string CertFile, string KeyFile, string Sha256) WriteSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=caisey-test-node", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var dir = Directory.CreateTempSubdirectory("caisey-tls-").FullName;
        var certFile = Path.Combine(dir, "node.crt");
        var keyFile = Path.Combine(dir, "node.key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certFile, keyFile, Convert.ToHexStringLower(SHA256.HashData(certificate.RawData)));
    }
}
