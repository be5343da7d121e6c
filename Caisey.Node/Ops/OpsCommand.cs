using System.CommandLine;
using Spectre.Console;

namespace Caisey.Node.Ops;

/// <summary>
/// <c>ops &lt;verb&gt; [--node URL] [--token TOKEN] [--json]</c>: the node's admin CLI over <c>/ops/v1</c> (the equivalent of
/// Petabridge.Cmd): <c>cluster show|leave|down</c>, <c>shards list|stats</c>, <c>endpoints show</c>, <c>log peek</c>.
/// </summary>
public static partial class OpsCommand
{
    public const string DefaultNode = "http://127.0.0.1:5080";
    public const string TokenVariable = "CAISEY_TOKEN";

    private sealed record Common(Option<string> Node, Option<string?> Token, Option<bool> Json);

    /// <param name="output">Where tables and JSON go (stdout); <paramref name="error"/> takes failures (stderr).</param>
    public static Command Create(TextWriter output, TextWriter error)
    {
        var common = new Common(
            new Option<string>("--node") { Description = "The node's URL.", Recursive = true, DefaultValueFactory = _ => DefaultNode },
            new Option<string?>("--token") { Description = $"An admin's API token (default: the {TokenVariable} environment variable).", Recursive = true },
            new Option<bool>("--json") { Description = "Print the node's JSON answer as is instead of tables.", Recursive = true });
        var io = new Io(output, error);

        var nodeArgument = new Argument<string>("NODE") { Description = "The node id (as cluster show lists it)." };
        var show = Verb("show", "Members: status, heartbeat, shards and live entities.", common, io, (ctx, ct) => ShowClusterAsync(ctx, ct));
        var leave = Verb("leave", "Ask NODE to leave gracefully (it hands its shards off).", common, io,
            (ctx, ct) => ActAsync(ctx, "leave", ctx.Result.GetValue(nodeArgument)!, ct), nodeArgument);
        var down = Verb("down", "Declare NODE down: its shard leases are released for others to take.", common, io,
            (ctx, ct) => ActAsync(ctx, "down", ctx.Result.GetValue(nodeArgument)!, ct), nodeArgument);
        var cluster = new Command("cluster", "Cluster membership.") { show, leave, down };

        var all = new Option<bool>("--all") { Description = "List every shard, also those without endpoints or live entities." };
        var list = Verb("list", "Shards: owner, epoch, lease, live entities here, endpoints.", common, io, (ctx, ct) => ListShardsAsync(ctx, ctx.Result.GetValue(all), ct));
        list.Options.Add(all);
        var stats = Verb("stats", "Per node: shards, live entities, endpoints; totals and distribution.", common, io, (ctx, ct) => ShardStatsAsync(ctx, ct));
        var shards = new Command("shards", "Shard placement and load.") { list, stats };

        var idArgument = new Argument<string>("ID") { Description = "The endpoint id (ep_...)." };
        var endpointShow = Verb("show", "Where an endpoint's entity lives (shard, owner, epoch) and its state.", common, io,
            (ctx, ct) => ShowEndpointAsync(ctx, ctx.Result.GetValue(idArgument)!, ct), idArgument);
        var endpoints = new Command("endpoints", "Endpoint entities.") { endpointShow };

        var lines = new Option<int>("--lines", "-n") { Description = "How many of the last lines (default 50).", DefaultValueFactory = _ => OpsApi.DefaultLogLines };
        var peek = Verb("peek", "Print the node's last log lines (from its in-memory ring).", common, io, (ctx, ct) => PeekLogAsync(ctx, ctx.Result.GetValue(lines), ct));
        peek.Options.Add(lines);
        var log = new Command("log", "The node's log.") { peek };

        var ops = new Command("ops", "Operate a running node over its ops API (/ops/v1, admin token).") { cluster, shards, endpoints, log };
        ops.Options.Add(common.Node);
        ops.Options.Add(common.Token);
        ops.Options.Add(common.Json);
        return ops;
    }

    private static Command Verb(string name, string description, Common common, Io io, Func<VerbContext, CancellationToken, Task> run, Argument<string>? argument = null)
    {
        var command = new Command(name, description);
        if (argument is not null)
            command.Arguments.Add(argument);
        command.SetAction((result, cancellationToken) => RunAsync(result, common, io, run, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Common common, Io io, Func<VerbContext, CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        var nodeText = result.GetValue(common.Node) ?? DefaultNode;
        if (!Uri.TryCreate(nodeText, UriKind.Absolute, out var node) || (node.Scheme != Uri.UriSchemeHttp && node.Scheme != Uri.UriSchemeHttps))
        {
            await io.Error.WriteLineAsync($"caisey ops: --node must be an http:// or https:// URL; not '{nodeText}'.").ConfigureAwait(false);
            return OpsExitCodes.Usage;
        }
        var token = result.GetValue(common.Token) ?? Environment.GetEnvironmentVariable(TokenVariable);
        using var client = new OpsClient(node, token);
        try
        {
            await run(new VerbContext(result, client, result.GetValue(common.Json), io), cancellationToken).ConfigureAwait(false);
            return OpsExitCodes.Ok;
        }
        catch (OpsFailure failure)
        {
            await io.Error.WriteLineAsync("caisey ops: " + failure.Message).ConfigureAwait(false);
            return failure.ExitCode;
        }
    }

    /// <summary>Standard output and error; tables through Spectre.Console, without colour or cursor codes when redirected.</summary>
    private sealed class Io(TextWriter output, TextWriter error)
    {
        public TextWriter Output { get; } = output;

        public TextWriter Error { get; } = error;

        public IAnsiConsole Console { get; } = CreateConsole(output);

        private static IAnsiConsole CreateConsole(TextWriter output)
        {
            var plain = !ReferenceEquals(output, System.Console.Out) || System.Console.IsOutputRedirected
                || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(output),
            });
            if (plain)
                console.Profile.Width = 160;
            return console;
        }
    }

    private sealed record VerbContext(ParseResult Result, OpsClient Client, bool Json, Io Io);
}
