using Caisey.Node.Cluster;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary>
/// Cluster: an agent that reached a node which does not own its endpoint is sent to the owner: 421 Misdirected Request
/// with the owner's URL in <see cref="BridgeProtocol.OwnerUrlHeader"/>. Not a 3xx: HTTP clients follow those on their own
/// and drop the credential on the way (another origin).
/// </summary>
internal static class OwnerRedirect
{
    /// <summary>421 to the owner, 503 with a short retry hint while the shard moves, or null: serve the bridge here.</summary>
    public static IResult? Check(HttpContext http, EndpointGateway endpoints, string endpointId)
    {
        var (elsewhere, moving) = endpoints.BridgeTarget(endpointId);
        if (elsewhere is { } owner)
            return To(http, owner);
        if (!moving)
            return null;
        http.Response.Headers.RetryAfter = "1";
        http.Response.Headers[BridgeProtocol.RetryAfterMsHeader] = MovingRetryMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            detail: "This endpoint's shard is moving between nodes (its owner stopped); retry in a moment.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>How soon an agent retries while its endpoint's shard moves.</summary>
    public const int MovingRetryMs = 300;

    public static IResult To(HttpContext http, ShardOwner owner)
    {
        http.Response.Headers[BridgeProtocol.OwnerUrlHeader] = owner.AdvertisedUrl.TrimEnd('/') + "/";
        return TypedResults.Problem(
            detail: $"This node does not own this endpoint; its owner is node {owner.NodeId}: connect there.",
            statusCode: StatusCodes.Status421MisdirectedRequest);
    }
}
