using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Caisey.Agent.Bridge;
using Caisey.Agent.Inventory;

namespace Caisey.Agent.Enrollment;

/// <summary>
/// Enrolls this machine: <c>POST {server}/agent/v1/enroll</c> with the token, hostname, OS and agent
/// version; on 201 saves the credential (0600) through <see cref="CredentialStore"/>.
/// </summary>
public sealed class EnrollmentClient(HttpClient http)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <exception cref="EnrollmentException">The node refused, could not be reached, or answered nonsense.</exception>
    public async Task<AgentCredential> EnrollAsync(Uri server, string token, string? pinnedSha256, CredentialStore store, CancellationToken cancellationToken = default)
    {
        var body = new EnrollRequest(token, Environment.MachineName, RuntimeInformation.OSDescription, AgentVersion.Current);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(BridgeEndpoints.Enroll(server), body, BridgeJsonContext.Default.EnrollRequest, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new EnrollmentException($"Could not reach the node at {server}: {e.Message}", e);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
                throw new EnrollmentException($"The node refused enrollment (HTTP {(int)response.StatusCode}): {Detail(bytes) ?? response.ReasonPhrase}");
            var answer = Parse(bytes);
            var credential = new AgentCredential([server.ToString()], answer.EndpointId, answer.Credential,
                pinnedSha256 is null ? null : CertificatePin.Normalize(pinnedSha256));
            await store.SaveAsync(credential, cancellationToken).ConfigureAwait(false);
            return credential;
        }
    }

    private static EnrollResponse Parse(byte[] bytes)
    {
        try
        {
            var answer = JsonSerializer.Deserialize(bytes, BridgeJsonContext.Default.EnrollResponse);
            if (answer is { EndpointId.Length: > 0, Credential.Length: > 0 })
                return answer;
        }
        catch (JsonException)
        {
            // Reported below.
        }
        throw new EnrollmentException("The node accepted enrollment but its answer has no endpointId and credential.");
    }

    private static string? Detail(byte[] bytes)
    {
        try
        {
            var problem = JsonSerializer.Deserialize(bytes, BridgeJsonContext.Default.ProblemBody);
            return problem?.Detail ?? problem?.Title;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
