using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Caisey.Agent.Bridge;

namespace Caisey.Tests.Agent.Bridge;

public sealed class CertificatePinTests
{
    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void WithoutAPin_OnlyASystemTrustedCertificateIsAccepted()
    {
        using var certificate = SelfSigned("node");

        Assert.True(CertificatePin.Accepts(certificate, SslPolicyErrors.None, null));
        Assert.False(CertificatePin.Accepts(certificate, SslPolicyErrors.RemoteCertificateChainErrors, null));
    }

    [Fact]
    public void WithAPin_TheLeafWhoseSha256MatchesIsAccepted_EvenSelfSigned_AndAnyOtherIsRefused()
    {
        using var pinned = SelfSigned("node");
        using var other = SelfSigned("impostor");
        var pin = Convert.ToHexString(SHA256.HashData(pinned.RawData)).ToLowerInvariant();

        Assert.True(CertificatePin.Accepts(pinned, SslPolicyErrors.RemoteCertificateChainErrors, pin));
        Assert.False(CertificatePin.Accepts(other, SslPolicyErrors.None, pin));
        Assert.False(CertificatePin.Accepts(null, SslPolicyErrors.RemoteCertificateNotAvailable, pin));
    }

    [Theory]
    [InlineData("AB", false)]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("ab00000000000000000000000000000000000000000000000000000000000000", true)]
    public void IsValid_AcceptsOnlyA64DigitHexSha256(string pin, bool valid) => Assert.Equal(valid, CertificatePin.IsValid(pin));
}
