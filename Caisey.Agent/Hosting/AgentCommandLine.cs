using System.CommandLine;

namespace Caisey.Agent.Hosting;

/// <summary>
/// The agent's command line (API.md): <c>enroll</c>, <c>run</c>, <c>status</c>, <c>approve</c>, <c>deny</c>.
/// Exit codes: 0 done, 1 failed (not enrolled, enrollment refused, credential rejected), 2 bad configuration.
/// </summary>
public static class AgentCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "The agent's data directory (caisey.agent.data-dir).", Recursive = true };
        var config = new Option<string?>("--config") { Description = "A HOCON file layered over hocon/agent.conf.", Recursive = true };
        var set = new Option<string[]>("--set") { Description = "Override a setting: --set key=value (repeatable).", Recursive = true, AllowMultipleArgumentsPerToken = false };
        var server = new Option<string>("--server") { Description = "The node's URL, e.g. https://caisey.example:5080.", Required = true };
        var token = new Option<string>("--token") { Description = "An enrollment token from the console or API.", Required = true };
        var pin = new Option<string?>("--pin") { Description = "Trust only a server certificate with this SHA-256 (hex)." };

        var enroll = new Command("enroll", "Enroll this machine with a node and save its credential.") { server, token, pin };
        enroll.SetAction((r, ct) => AgentActions.EnrollAsync(Settings(r), r.GetValue(server)!, r.GetValue(token)!, r.GetValue(pin), ct));
        var run = new Command("run", "Run the agent until stopped (SIGTERM or Ctrl+C).");
        run.SetAction((r, ct) => AgentActions.RunAsync(Settings(r), ct));
        var status = new Command("status", "Show whether this agent is enrolled, its endpoint id, node and last transport.");
        status.SetAction((r, ct) => AgentActions.StatusAsync(Settings(r), ct));
        var approve = new Command("approve", "Approve the pending approval request.");
        approve.SetAction(r => AgentActions.Answer(Settings(r), granted: true));
        var deny = new Command("deny", "Deny the pending approval request.");
        deny.SetAction(r => AgentActions.Answer(Settings(r), granted: false));

        var root = new RootCommand("Caisey agent: dials out to a Caisey node and runs its commands exactly once.")
        {
            enroll, run, status, approve, deny,
        };
        root.Options.Add(dataDir);
        root.Options.Add(config);
        root.Options.Add(set);
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

        CommandSettings Settings(ParseResult r) => new(r.GetValue(config), [.. r.GetValue(set) ?? []], r.GetValue(dataDir));
    }
}
