using Caisey.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Caisey.Bench.Bridge;

/// <summary>
/// A real node in this process: <c>NodeHost.Build</c> on 127.0.0.1:0, a temp data directory (on the same disk as the
/// raw SQLite baselines), no local agent, logging at Warning.
/// </summary>
internal sealed class InProcessNode : IAsyncDisposable
{
    public const string AdminPassword = "bench-admin-password";

    private InProcessNode(WebApplication app, string dataDir)
    {
        App = app;
        DataDir = dataDir;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public WebApplication App { get; }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public NodeRuntime Runtime => App.Services.GetRequiredService<NodeRuntime>();

    public static IReadOnlyList<string> Settings(string dataDir, IEnumerable<string> extra) =>
    [
        "caisey.node.urls=\"http://127.0.0.1:0\"",
        $"caisey.node.data-dir=\"{dataDir}\"",
        $"caisey.auth.bootstrap-admin.password=\"{AdminPassword}\"",
        "caisey.node.local-agent.enabled=false",
        "caisey.logging.level=Warning",
        .. extra,
    ];

    public static async Task<InProcessNode> StartAsync(string dataDir, params IEnumerable<string> extra)
    {
        var app = NodeHost.Build(NodeConfiguration.Load(null, Settings(dataDir, extra)));
        await app.StartAsync();
        return new InProcessNode(app, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
