using Caisey.Node.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Auth;

/// <summary><c>/api/v1/auth</c>: login (token + console cookie) and logout (revokes the token).</summary>
public static class AuthApi
{
    public sealed record LoginRequest(string? Username, string? Password);

    public sealed record LoginUser(string Username, string Role);

    public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, LoginUser User);

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth");
        group.MapPost("/login", Login).RequireRateLimiting(AuthServiceCollectionExtensions.LoginRateLimit);
        group.MapPost("/logout", Logout).RequireAuthorization();
        return routes;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(
        LoginRequest? request, UserStore users, ApiTokenStore tokens, IOptions<AuthOptions> options, HttpContext http, AuditLog audit)
    {
        if (request is null || string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
            return TypedResults.Problem(detail: "Send {\"username\", \"password\"}.", statusCode: StatusCodes.Status400BadRequest);
        var user = users.Verify(request.Username, request.Password);
        var name = user?.Username ?? request.Username[..Math.Min(request.Username.Length, 100)];
        await audit.RecordAsync(name, user is null ? AuditActions.LoginFailed : AuditActions.Login, AuditTargets.User(name),
            new { remoteAddress = http.Connection.RemoteIpAddress?.ToString() }, http.RequestAborted);
        if (user is null)
            return TypedResults.Problem(detail: "Wrong username or password.", statusCode: StatusCodes.Status401Unauthorized);
        var (token, expiresAt) = tokens.Issue(user.Username, options.Value.TokenLifetime);
        http.Response.Cookies.Append(CaiseyAuthenticationHandler.CookieName, token, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Expires = expiresAt, Path = "/",
        });
        return TypedResults.Ok(new LoginResponse(token, expiresAt, new LoginUser(user.Username, user.Role)));
    }

    private static async Task<NoContent> Logout(HttpContext http, ApiTokenStore tokens, AuditLog audit)
    {
        var username = http.User.ToCaiseyUser().Username;
        await audit.RecordAsync(username, AuditActions.Logout, AuditTargets.User(username), new { remoteAddress = http.Connection.RemoteIpAddress?.ToString() }, http.RequestAborted);
        var token = CaiseyAuthenticationHandler.BearerToken(http.Request.Headers.Authorization.ToString())
            ?? http.Request.Cookies[CaiseyAuthenticationHandler.CookieName];
        if (token is not null)
            tokens.Revoke(token);
        http.Response.Cookies.Delete(CaiseyAuthenticationHandler.CookieName);
        return TypedResults.NoContent();
    }
}
