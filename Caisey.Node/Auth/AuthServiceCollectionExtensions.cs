using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace Caisey.Node.Auth;

public static class AuthServiceCollectionExtensions
{
    public const string LoginRateLimit = "login";
    public const string CanAct = "can-act";

    public static IServiceCollection AddCaiseyAuth(this IServiceCollection services, AuthOptions options)
    {
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddHostedService<BootstrapAdmin>();
        services.AddAuthentication(CaiseyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CaiseyAuthenticationHandler>(CaiseyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(CanAct, policy => policy.RequireRole(Roles.Admin, Roles.Technician));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Ten attempts a minute per client address: enough for people, slow for password guessing.
            limiter.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
