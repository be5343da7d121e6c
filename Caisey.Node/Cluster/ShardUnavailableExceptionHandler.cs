using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Caisey.Node.Cluster;

/// <summary>Answers a request whose endpoint's shard found no owner in time with 503 and <c>Retry-After: 1</c> (a retry with the same idempotency key cannot queue a command twice).</summary>
public sealed class ShardUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not ShardUnavailableException unavailable || httpContext.Response.HasStarted)
            return false;
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Endpoint moving", Detail = unavailable.Message },
        });
    }
}
