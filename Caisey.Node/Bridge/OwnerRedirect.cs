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
    public static IResult To(HttpContext http, ShardOwner owner)
    {
        http.Response.Headers[BridgeProtocol.OwnerUrlHeader] = owner.AdvertisedUrl.TrimEnd('/') + "/";
        return TypedResults.Problem(
            detail: $"This node does not own this endpoint; its owner is node {owner.NodeId}: connect there.",
            statusCode: StatusCodes.Status421MisdirectedRequest);
    }
}
