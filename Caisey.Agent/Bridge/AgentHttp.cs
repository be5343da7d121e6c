namespace Caisey.Agent.Bridge;

/// <summary>The agent's HTTP client: TLS through <see cref="CertificatePin"/>, no overall timeout (each call sets its own).</summary>
public static class AgentHttp
{
    public static HttpClient Create(string? pinnedSha256)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => CertificatePin.Accepts(certificate, errors, pinnedSha256),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
