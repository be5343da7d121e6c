using Caisey.Node.Api;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.Enrollment;
using Caisey.Node.Health;
using Caisey.Node.Storage;
using Caisey.Node.Tenancy;
using Caisey.Protocol.Configuration;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Hosting;

/// <summary>Builds the node's web application from a resolved configuration.</summary>
public static class NodeHost
{
    /// <param name="configuration">The resolved Caisey configuration (HOCON, already layered).</param>
    /// <param name="configure">Test seam: adjust services before the app is built.</param>
    public static WebApplication Build(IConfiguration configuration, Action<WebApplicationBuilder>? configure = null)
    {
        var node = ConfigurationBinding.Bind<NodeOptions>(configuration, "caisey:node");
        var errors = node.Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(node.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.UseShutdownTimeout(node.ShutdownTimeout);
        builder.AddNodeLogging(configuration);

        builder.Services.AddSingleton(Options.Create(node));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeReadiness>();
        builder.Services.AddProblemDetails();
        Directory.CreateDirectory(node.DataDir);
        builder.Services.AddSingleton(new NodeDatabase(Path.Combine(node.DataDir, "node.db")));
        builder.Services.AddSingleton(new CommandOutputStore(Path.Combine(node.DataDir, "output.db")));
        builder.Services.AddSingleton<ClientGroupStore>();
        builder.Services.AddSingleton<EnrollmentTokenStore>();
        builder.Services.AddSingleton<EndpointCredentialStore>();
        builder.Services.AddSingleton(ConfigurationBinding.Bind<JournalSettings>(configuration, "caisey:journal"));
        builder.Services.AddSingleton(ConfigurationBinding.Bind<EntitySettings>(configuration, "caisey:entities"));
        builder.Services.AddSingleton<EndpointEffectRouter>();
        builder.Services.AddSingleton<NodeRuntime>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeRuntime>());
        builder.Services.AddCaiseyAuth(ConfigurationBinding.Bind<AuthOptions>(configuration, "caisey:auth"));
        builder.Services.AddApi(configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealth();
        app.MapAuthApi();
        app.MapApi();
        return app;
    }
}
