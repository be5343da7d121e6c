using Caisey.Node.Enrollment;

namespace Caisey.Node.Bridge;

/// <summary>Authenticates an agent by the per-endpoint credential in <c>Authorization: Bearer</c>.</summary>
public static class AgentCredentials
{
    /// <summary>The endpoint that owns the request's credential, or null.</summary>
    public static EndpointCredentialStore.Registration? Authenticate(HttpContext http, EndpointCredentialStore credentials)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return null;
        var credential = header["Bearer ".Length..].Trim();
        return credential.Length == 0 ? null : credentials.Authenticate(credential);
    }

    /// <summary>401 problem details with a <c>WWW-Authenticate</c> challenge; the credential itself is never echoed or logged.</summary>
    public static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            detail: "Send the endpoint's credential as 'Authorization: Bearer CREDENTIAL'; this one is missing, unknown or revoked.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
