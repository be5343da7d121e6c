using Caisey.Console.Components;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Caisey.Console;

/// <summary>The technician console: server-rendered Razor pages (static SSR) plus a small script that talks to the
/// public JSON API and its live events. Register with <see cref="AddConsole"/> and <see cref="MapConsole"/>.</summary>
public static class ConsoleExtensions
{
    public const string LoginPath = "/login";

    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery();
        return services;
    }

    /// <summary>Maps the pages and their assets. Call after authentication: pages need a signed-in user (the API's
    /// <c>caisey_token</c> cookie) and send everyone else to <see cref="LoginPath"/>.</summary>
    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = ConsoleAssets.FileProvider,
            RequestPath = ConsoleAssets.Path,
            // Revalidate every time (ETag): the files are tiny and a stale console.js is worse than a 304.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.Use(GuardPagesAsync);
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Console pages: a signed-in user or a redirect to the login page, and strict browser security headers.</summary>
    private static Task GuardPagesAsync(HttpContext http, Func<Task> next)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            return next();
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
        if (!anonymous && http.User.Identity?.IsAuthenticated != true)
        {
            var returnUrl = http.Request.Path + http.Request.QueryString;
            http.Response.Redirect(LoginPath + QueryString.Create("returnUrl", returnUrl.ToString()));
            return Task.CompletedTask;
        }
        return next();
    }
}
