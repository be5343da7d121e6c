using System.Security.Claims;

namespace Caisey.Node.Auth;

public static class PrincipalExtensions
{
    /// <summary>The authenticated Caisey user behind a request's principal.</summary>
    public static CaiseyUser ToCaiseyUser(this ClaimsPrincipal principal) => new(
        principal.Identity?.Name ?? throw new InvalidOperationException("The request is not authenticated."),
        principal.FindFirstValue(ClaimTypes.Role) ?? Roles.Viewer,
        principal.FindAll(CaiseyAuthenticationHandler.GroupsClaim).Select(c => c.Value).ToArray());
}
