using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Caisey.Node.Endpoints;

namespace Caisey.Node.Cluster;

/// <summary>
/// Node-to-node HTTP: asks another node's entity (<c>POST /cluster/v1/endpoints/{id}/ask</c>), authenticated by the
/// cluster secret that all nodes read from the shared database.
/// </summary>
public sealed class ClusterPeers(ClusterBus bus, TimeSpan routeTimeout) : IDisposable
{
    public const string SecretHeader = "X-Caisey-Cluster-Secret";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>How long a message may wait for its shard's owner before the caller gets 503.</summary>
    public TimeSpan RouteTimeout { get; } = routeTimeout;

    /// <summary>The answer of a remote owner: <c>Delivered</c> false when it does not hold the shard (HTTP 421).</summary>
    public readonly record struct RemoteAnswer(bool Delivered, object? Reply);

    public async Task<RemoteAnswer> AskAsync(ShardOwner owner, string endpointId, IEndpointMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(owner.AdvertisedUrl.TrimEnd('/') + "/"), $"cluster/v1/endpoints/{Uri.EscapeDataString(endpointId)}/ask"))
        {
            Content = JsonContent.Create(RemoteMessages.Encode(message), ClusterJsonContext.Default.RemoteEnvelope),
        };
        request.Headers.Add(SecretHeader, bus.Secret.Value);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RouteTimeout);
        using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.MisdirectedRequest or HttpStatusCode.ServiceUnavailable)
            return new RemoteAnswer(false, null);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"node {owner.NodeId} answered {(int)response.StatusCode} to a routed {message.GetType().Name}: {await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false)}", null, response.StatusCode);
        var envelope = await response.Content.ReadFromJsonAsync(ClusterJsonContext.Default.RemoteEnvelope, timeout.Token).ConfigureAwait(false)
            ?? throw new HttpRequestException($"node {owner.NodeId} sent an empty reply");
        return new RemoteAnswer(true, RemoteMessages.Decode(envelope));
    }

    /// <summary>Constant-time check of a peer's secret header.</summary>
    public bool IsPeer(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(bus.Secret.Value));

    public void Dispose() => _http.Dispose();
}

/// <summary>The secret nodes of one cluster share (generated once, kept in the shared database).</summary>
public sealed record ClusterSecret(string Value);
