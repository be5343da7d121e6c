using System.Security.Claims;
using System.Text;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.ReadModels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary><c>GET /api/v1/commands/{id}/output</c>: the whole output so far as text, or (<c>?follow=true</c>) streamed until the command finishes.</summary>
public static class CommandOutputApi
{
    public const string ContentType = "text/plain; charset=utf-8";

    public static IEndpointRouteBuilder MapCommandOutputApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/commands/{id}/output", Get).RequireAuthorization();
        return routes;
    }

    private static Results<ContentHttpResult, PushStreamHttpResult, ProblemHttpResult> Get(
        string id, ClaimsPrincipal principal, FleetReadModel fleet, CommandOutputStore output, HttpContext http, bool follow = false)
    {
        if (fleet.VisibleCommand(principal.ToCaiseyUser(), id) is null)
            return ApiProblems.NotFound("command", id);
        if (!follow)
            return TypedResults.Text(output.ReadText(id), ContentType);
        return TypedResults.Stream(body => FollowAsync(id, fleet, output, body, http.RequestAborted), ContentType);
    }

    /// <summary>Writes each chunk as it is stored and flushes it; ends once the command is terminal and all output was sent.</summary>
    private static async Task FollowAsync(string id, FleetReadModel fleet, CommandOutputStore output, Stream body, CancellationToken cancellationToken)
    {
        try
        {
            await body.FlushAsync(cancellationToken);
            await foreach (var chunk in output.FollowAsync(id, () => fleet.IsFinished(id), cancellationToken))
            {
                await body.WriteAsync(Encoding.UTF8.GetBytes(chunk.Data), cancellationToken);
                await body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
