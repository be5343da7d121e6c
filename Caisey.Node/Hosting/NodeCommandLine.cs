using System.CommandLine;
using Caisey.Node.Ops;

namespace Caisey.Node.Hosting;

/// <summary>
/// The node's command line (API.md): <c>serve</c> (the default), <c>config render</c>, <c>ops ...</c>.
/// </summary>
public static class NodeCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configOption = new Option<string?>("--config") { Description = "A HOCON file layered over the defaults (for config render: that file alone).", Recursive = true };
        var setOption = new Option<string[]>("--set") { Description = "Override a setting: --set key=value (repeatable).", Recursive = true, AllowMultipleArgumentsPerToken = false };
        var urlsOption = new Option<string?>("--urls") { Description = "Where the node listens (caisey.node.urls), default http://127.0.0.1:5080." };
        var dataDirOption = new Option<string?>("--data-dir") { Description = "Directory for the node's SQLite files (caisey.node.data-dir), default ./data." };

        var serve = new Command("serve", "Run the node: API, console, agent bridge, embedded SQLite.");
        serve.Options.Add(urlsOption);
        serve.Options.Add(dataDirOption);
        serve.SetAction((result, ct) => ServeAsync(result, configOption, setOption, urlsOption, dataDirOption, ct));

        var render = new Command("render", "Print the fully resolved configuration as one JSON object.");
        render.SetAction(result => RenderConfig(result, configOption, setOption));
        var config = new Command("config", "Configuration tools.") { render };

        var ops = OpsCommand.Create(System.Console.Out, System.Console.Error);

        var root = new RootCommand("Caisey node: remote troubleshooting control plane.") { serve, config, ops };
        root.Options.Add(configOption);
        root.Options.Add(setOption);
        root.Options.Add(urlsOption);
        root.Options.Add(dataDirOption);
        root.SetAction((result, ct) => ServeAsync(result, configOption, setOption, urlsOption, dataDirOption, ct));

        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    private static async Task<int> ServeAsync(ParseResult result, Option<string?> configOption, Option<string[]> setOption,
        Option<string?> urlsOption, Option<string?> dataDirOption, CancellationToken cancellationToken)
    {
        var sets = new List<string>(result.GetValue(setOption) ?? []);
        if (result.GetValue(urlsOption) is { } urls) sets.Add($"caisey.node.urls={Quote(urls)}");
        if (result.GetValue(dataDirOption) is { } dataDir) sets.Add($"caisey.node.data-dir={Quote(dataDir)}");

        IConfiguration configuration;
        try
        {
            configuration = NodeConfiguration.Load(result.GetValue(configOption), sets);
        }
        catch (Exception e) when (NodeConfiguration.IsConfigurationError(e))
        {
            await System.Console.Error.WriteLineAsync($"caisey: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        WebApplication app;
        try
        {
            app = NodeHost.Build(configuration);
        }
        catch (Exception e) when (e is InvalidOperationException || NodeConfiguration.IsConfigurationError(e))
        {
            await System.Console.Error.WriteLineAsync($"caisey: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        await using (app.ConfigureAwait(false))
        {
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        return 0;
    }

    private static int RenderConfig(ParseResult result, Option<string?> configOption, Option<string[]> setOption)
    {
        try
        {
            System.Console.Out.WriteLine(NodeConfiguration.Render(result.GetValue(configOption), result.GetValue(setOption) ?? []));
            return 0;
        }
        catch (Exception e) when (NodeConfiguration.IsConfigurationError(e))
        {
            System.Console.Error.WriteLine($"caisey: {e.Message}");
            return 2;
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
