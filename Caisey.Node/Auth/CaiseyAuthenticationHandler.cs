using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Auth;

/// <summary>Authenticates API, CLI and console calls by an API token: <c>Authorization: Bearer</c> or the console's cookie.</summary>
public sealed class CaiseyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Caisey";
    public const string CookieName = "caisey_token";
    public const string GroupsClaim = "caisey:groups";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request.Headers.Authorization.ToString()) ?? Request.Cookies[CookieName];
        // Agent credentials (cac_...) on /agent/v1 are checked by the bridge, not here.
        if (string.IsNullOrEmpty(token) || !token.StartsWith(ApiTokenStore.Prefix, StringComparison.Ordinal) && Request.Path.StartsWithSegments("/agent"))
            return Task.FromResult(AuthenticateResult.NoResult());
        var user = tokens.Validate(token);
        if (user is null)
            return Task.FromResult(AuthenticateResult.Fail("The token is unknown, expired or revoked."));

        var claims = new List<Claim> { new(ClaimTypes.Name, user.Username), new(ClaimTypes.Role, user.Role) };
        claims.AddRange(user.ClientGroupIds.Select(g => new Claim(GroupsClaim, g)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    internal static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
}
