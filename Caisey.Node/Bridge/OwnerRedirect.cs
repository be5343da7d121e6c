using Caisey.Node.Cluster;

namespace Caisey.Node.Bridge;

/// <summary>Cluster: an agent that reached a node which does not own its endpoint is sent to the owner (HTTP 307).</summary>
internal static class OwnerRedirect
{
    public static IResult To(ShardOwner owner, string path) =>
        TypedResults.Redirect(new Uri(new Uri(owner.AdvertisedUrl.TrimEnd('/') + "/"), path).ToString(), permanent: false, preserveMethod: true);
}
