using Caisey.Node.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Caisey.Node.Api;

/// <summary>Answers 401 and 403 from authorization with problem details (RFC 9457) that say what was missing.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
                "Send 'Authorization: Bearer TOKEN' with a valid token (POST /api/v1/auth/login gives one).");
        }
        else if (authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            var role = context.User.Identity?.IsAuthenticated == true ? context.User.ToCaiseyUser().Role : "anonymous";
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                $"Your role ({role}) cannot do this: it needs {Roles.Technician} or {Roles.Admin}.");
        }
        else
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        if (context.Response.HasStarted)
            return;
        context.Response.StatusCode = status;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
