using System.Text.Json;
using Caisey.Node.Hosting;
using Caisey.Node.Journal;
using Caisey.Node.Runtime;

namespace Caisey.Node.Cluster;

/// <summary>
/// The node-to-node routes: <c>POST /cluster/v1/endpoints/{id}/ask</c> runs a routed message on this node's entity
/// when this node owns its shard (421 Misdirected Request otherwise, so the sender re-reads the directory).
/// Only nodes that present the cluster secret are served.
/// </summary>
public static class ClusterApi
{
    public static void MapClusterApi(this WebApplication app)
    {
        app.MapPost("/cluster/v1/endpoints/{id}/ask", AskAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> AskAsync(string id, HttpContext http, ClusterPeers peers, IShardDirectory directory, ClusterRouting routing, NodeRuntime runtime)
    {
        if (!peers.IsPeer(http.Request.Headers[ClusterPeers.SecretHeader]))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not a cluster peer", detail: $"The {ClusterPeers.SecretHeader} header is missing or wrong.");
        RemoteEnvelope? envelope;
        Endpoints.IEndpointMessage message;
        try
        {
            envelope = await http.Request.ReadFromJsonAsync(ClusterJsonContext.Default.RemoteEnvelope, http.RequestAborted).ConfigureAwait(false);
            message = RemoteMessages.DecodeMessage(envelope ?? throw new JsonException("empty body"));
        }
        catch (JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad routed message", detail: e.Message);
        }
        if (directory.OwnerOf(id) is not { } owner || !routing.IsSelf(owner))
            return Misdirected(id);
        try
        {
            var reply = await runtime.Endpoints.AskAsync(id, message, http.RequestAborted).ConfigureAwait(false);
            return Results.Json(RemoteMessages.Encode(reply), ClusterJsonContext.Default.RemoteEnvelope);
        }
        catch (Exception e) when (e is EntityNotHostedException or JournalFencedException)
        {
            return Misdirected(id);
        }
        catch (ObjectDisposedException)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Node stopping");
        }
    }

    private static IResult Misdirected(string id) =>
        Results.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: "Not the owner",
            detail: $"This node does not own the shard of endpoint '{id}' now.");
}
