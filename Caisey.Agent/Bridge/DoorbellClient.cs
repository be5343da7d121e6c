using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Caisey.Agent.Bridge;

/// <summary>
/// The cheap wait between bridges: <c>GET /agent/v1/doorbell?waitSeconds=N</c>, which the node answers
/// <c>200 {"ring":true}</c> as soon as there is work for this endpoint, or <c>204</c> when the wait ends.
/// </summary>
public sealed class DoorbellClient(HttpClient http, string credential)
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(15);

    /// <summary>True when the node rang (work waits), false when the wait ended with nothing.</summary>
    /// <exception cref="BridgeUnauthorizedException">The node rejected the credential.</exception>
    /// <exception cref="HttpRequestException">Any other failure: the node is down, or a proxy cut the long-poll.</exception>
    public async Task<bool> WaitAsync(Uri server, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait + Slack);
        using var request = new HttpRequestMessage(HttpMethod.Get, BridgeEndpoints.Doorbell(server, wait));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NoContent:
                    return false;
                case HttpStatusCode.Unauthorized:
                    throw new BridgeUnauthorizedException($"The node at {server} rejected this agent's credential (HTTP 401 on the doorbell).");
                case HttpStatusCode.OK:
                    var answer = await ReadAnswerAsync(response.Content, deadline.Token).ConfigureAwait(false);
                    return answer?.Ring ?? true;
                default:
                    throw new HttpRequestException($"The doorbell at {server} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"The doorbell at {server} did not answer within {(wait + Slack).TotalSeconds:0} s.", e);
        }
    }

    /// <summary>The doorbell answer, or null when the body is not one (a 200 still means "ring").</summary>
    private static async Task<DoorbellAnswer?> ReadAnswerAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, BridgeJsonContext.Default.DoorbellAnswer);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
