using Caisey.Node.Cluster;
using Caisey.Console;
using Caisey.Node.Api;
using Caisey.Node.Audit;
using Caisey.Node.Auth;
using Caisey.Node.Bridge;
using Caisey.Node.Endpoints;
using Caisey.Node.Enrollment;
using Caisey.Node.Health;
using Caisey.Node.LocalAgent;
using Caisey.Node.Ops;
using Caisey.Node.Security;
using Caisey.Node.Storage;
using Caisey.Node.Tenancy;
using Caisey.Node.Transcripts;
using Caisey.Protocol.Configuration;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Hosting;

/// <summary>Builds the node's web application from a resolved configuration.</summary>
public static partial class NodeHost
{
    /// <param name="configuration">The resolved Caisey configuration (HOCON, already layered).</param>
    /// <param name="configure">Test seam: adjust services before the app is built.</param>
    public static WebApplication Build(IConfiguration configuration, Action<WebApplicationBuilder>? configure = null)
    {
        var node = ConfigurationBinding.Bind<NodeOptions>(configuration, "caisey:node");
        var tls = ConfigurationBinding.Bind<TlsOptions>(configuration, "caisey:node:tls");
        var errors = node.Validate().Concat(NodeTls.Validate(node, tls)).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException("Invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));

        // Configuration is HOCON, read once. The host's default would watch its content root (recursively) for
        // appsettings files: a node run from its own folder keeps ./data there, and every journal write would wake the
        // watcher's thread.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(node.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.UseShutdownTimeout(node.ShutdownTimeout);
        builder.AddNodeLogging(configuration);
        var certificate = NodeTls.LoadCertificate(tls);
        builder.UseNodeTls(certificate);

        builder.Services.AddSingleton(Options.Create(node));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeReadiness>();
        builder.Services.AddProblemDetails();
        Directory.CreateDirectory(node.DataDir);
        var journal = ConfigurationBinding.Bind<JournalSettings>(configuration, "caisey:journal");
        builder.Services.AddSingleton(journal);
        builder.Services.AddNodeStorage(journal);
        builder.Services.AddSingleton<ClientGroupStore>();
        builder.Services.AddSingleton<EnrollmentTokenStore>();
        builder.Services.AddSingleton<EndpointCredentialStore>();
        builder.Services.AddSingleton(ConfigurationBinding.Bind<EntitySettings>(configuration, "caisey:entities"));
        builder.Services.AddSingleton<EndpointEffectRouter>();
        builder.Services.AddSingleton<NodeRuntime>();
        builder.Services.AddSingleton<EndpointGateway>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeRuntime>());
        builder.Services.AddCaiseyAuth(ConfigurationBinding.Bind<AuthOptions>(configuration, "caisey:auth"));
        builder.Services.AddBridge(configuration);
        builder.Services.AddApi(configuration);
        builder.Services.AddAudit();
        builder.Services.AddTranscripts();
        builder.Services.AddConsole();
        builder.Services.AddClusterRouting(configuration);
        builder.Services.AddOps();
        builder.Services.AddSingleton(ConfigurationBinding.Bind<LocalAgentOptions>(configuration, "caisey:node:local-agent"));
        builder.Services.AddHostedService<LocalAgentService>();
        configure?.Invoke(builder);

        var app = builder.Build();
        if (certificate is not null)
            LogCertificate(app.Logger, certificate.Subject, NodeTls.Sha256(certificate));
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapHealth();
        app.MapAuthApi();
        app.MapBridge();
        app.MapApi();
        app.MapAudit();
        app.MapTranscripts();
        app.MapOps();
        app.MapClusterRouting();
        app.MapConsole();
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving HTTPS with {Subject}; agents can pin it with: enroll --pin {Sha256}")]
    private static partial void LogCertificate(ILogger logger, string subject, string sha256);
}
