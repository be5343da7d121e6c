using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Caisey.Node.Ops;

/// <summary>The <c>ops</c> CLI's HTTP client for <c>/ops/v1</c>: turns every failure into an <see cref="OpsFailure"/> that says
/// what went wrong and what to do, with its exit code.</summary>
public sealed class OpsClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http;

    public OpsClient(Uri node, string? token, HttpMessageHandler? handler = null)
    {
        Node = node;
        _http = new HttpClient(handler ?? new HttpClientHandler(), disposeHandler: true) { BaseAddress = node, Timeout = Timeout };
        if (!string.IsNullOrEmpty(token))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Node { get; }

    /// <summary>GETs <paramref name="path"/>; returns the body as sent and as read.</summary>
    public Task<(string Raw, T Value)> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), type, cancellationToken);

    public Task<(string Raw, T Value)> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, bodyType) }, type, cancellationToken);

    private async Task<(string Raw, T Value)> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using (request)
        {
            var url = new Uri(Node, request.RequestUri!);
            HttpResponseMessage response;
            string body;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new OpsFailure(OpsExitCodes.Unreachable,
                    $"cannot reach the node at {Node}: {e.Message} Is it running there? (--node URL)", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new OpsFailure(OpsExitCodes.Unreachable,
                    $"the node at {Node} did not answer {request.Method} {url.AbsolutePath} within {Timeout.TotalSeconds:0} s.", e);
            }
            using (response)
            {
                if (!response.IsSuccessStatusCode)
                    throw Failure(response, body);
                try
                {
                    return (body, JsonSerializer.Deserialize(body, type) ?? throw new JsonException("null"));
                }
                catch (JsonException e)
                {
                    throw new OpsFailure(OpsExitCodes.Failed,
                        $"{Node} answered {request.Method} {url.AbsolutePath} with something that is not the ops API's JSON; is it a Caisey node?", e);
                }
            }
        }
    }

    private OpsFailure Failure(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var detail = Detail(body);
        var what = $"{status} {response.ReasonPhrase}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new OpsFailure(OpsExitCodes.Unauthorized,
                $"{what}: the node at {Node} did not accept the token; pass an admin's API token with --token or the CAISEY_TOKEN " +
                "environment variable." + (detail is null ? "" : $" The node said: {detail}")),
            HttpStatusCode.Forbidden => new OpsFailure(OpsExitCodes.Unauthorized,
                $"{what}: {detail ?? "the token is not allowed to do this."} The ops verbs need an admin's token."),
            HttpStatusCode.NotFound => new OpsFailure(OpsExitCodes.NotFound, $"{what}: {detail ?? "the node has no such resource."}"),
            HttpStatusCode.Conflict => new OpsFailure(OpsExitCodes.Refused, $"{what}: {detail ?? "the node refused."}"),
            _ => new OpsFailure(OpsExitCodes.Failed, $"{what}: {detail ?? "the request failed."}"),
        };
    }

    private static string? Detail(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonSerializer.Deserialize(body, OpsJsonContext.Default.OpsProblem)?.Detail;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
