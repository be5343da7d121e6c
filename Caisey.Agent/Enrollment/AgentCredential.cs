namespace Caisey.Agent.Enrollment;

/// <summary>
/// What enrollment gave this agent: the node URLs to dial (in order), its endpoint id, its secret
/// credential and, optionally, the SHA-256 (hex) of the server certificate to pin.
/// <see cref="ToString"/> never shows the credential.
/// </summary>
public sealed record AgentCredential(
    IReadOnlyList<string> ServerUrls,
    string EndpointId,
    string Credential,
    string? PinnedServerCertificateSha256 = null)
{
    public override string ToString() =>
        $"AgentCredential {{ EndpointId = {EndpointId}, ServerUrls = [{string.Join(", ", ServerUrls)}], " +
        $"Credential = <redacted>, PinnedServerCertificateSha256 = {PinnedServerCertificateSha256 ?? "none"} }}";
}
