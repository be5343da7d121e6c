using Caisey.Node.Endpoints;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Caisey.Node.Api;

/// <summary>Turns an endpoint entity's refusal (or a stopping node) into a problem.</summary>
public static class CommandReplies
{
    /// <summary>What <see cref="CommandQueueing"/> answers when the node is stopping.</summary>
    public sealed record NodeStopping
    {
        public static NodeStopping Instance { get; } = new();
    }

    public static ProblemHttpResult Problem(object? reply, string endpointId) => reply switch
    {
        EndpointRejection { Code: RejectionCode.NotEnrolled } => ApiProblems.NotFound("endpoint", endpointId),
        EndpointRejection { Code: RejectionCode.UnknownCommand } rejection =>
            TypedResults.Problem(detail: rejection.Detail, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        EndpointRejection { Code: RejectionCode.InvalidCommand } rejection => ApiProblems.BadRequest(rejection.Detail),
        EndpointRejection rejection => ApiProblems.Conflict(rejection.Detail),
        NodeStopping => ApiProblems.Unavailable("The node is shutting down; try again later."),
        _ => TypedResults.Problem(detail: $"Endpoint '{endpointId}' gave an unexpected reply.", statusCode: StatusCodes.Status500InternalServerError),
    };
}
