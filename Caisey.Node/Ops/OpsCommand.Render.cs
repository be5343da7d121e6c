using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Caisey.Node.Ops;

public static partial class OpsCommand
{
    private static void RenderCluster(IAnsiConsole console, ClusterResource cluster)
    {
        console.WriteLine(cluster.Clustered
            ? $"Cluster of {cluster.Members.Count} member(s), {cluster.ShardCount} shards; answered by {cluster.SelfNodeId}."
            : $"Single node {cluster.SelfNodeId} (not clustered): it owns all {cluster.ShardCount} shards.");
        var table = NewTable("node", "url", "status", "heartbeat", "shards", "live entities");
        foreach (var m in cluster.Members)
            table.AddRow(Cells(m.Self ? m.NodeId + " (self)" : m.NodeId, m.AdvertisedUrl, m.Status, Age(m.LastHeartbeatAgeMs), N(m.ShardsOwned), N(m.LiveEntities)));
        console.Write(table);
    }

    private static void RenderShards(IAnsiConsole console, ShardsResource shards, bool all)
    {
        var shown = shards.Shards.Where(s => all || s.KnownEndpoints > 0 || s.LiveEntitiesHere > 0 || s.HandoffTo is not null || s.OwnerNodeId is null).ToList();
        var owners = shards.Shards.GroupBy(s => s.OwnerNodeId ?? "(unowned)").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        console.WriteLine($"{shards.ShardCount} shards (as {shards.SelfNodeId} sees them); owners: {string.Join(", ", owners)}.");
        var table = NewTable("shard", "owner", "epoch", "lease expires", "handoff to", "live here", "endpoints");
        foreach (var s in shown)
            table.AddRow(Cells(N(s.ShardId), s.OwnerNodeId ?? "(unowned)", s.Epoch.ToString(CultureInfo.InvariantCulture),
                s.LeaseExpiresAt is { } at ? Time(at) : "never", s.HandoffTo ?? "-", N(s.LiveEntitiesHere), N(s.KnownEndpoints)));
        if (shown.Count > 0)
            console.Write(table);
        if (!all && shown.Count < shards.Shards.Count)
            console.WriteLine($"{shards.Shards.Count - shown.Count} shard(s) without endpoints, live entities or handoff not shown (--all lists them).");
    }

    private static void RenderStats(IAnsiConsole console, ShardStatsResource stats)
    {
        var nodes = NewTable("node", "status", "shards", "live entities", "endpoints");
        foreach (var n in stats.Nodes)
            nodes.AddRow(Cells(n.NodeId, n.Status, N(n.Shards), N(n.LiveEntities), N(n.Endpoints)));
        var t = stats.Totals;
        nodes.AddRow(Cells($"total ({N(t.Nodes)} node(s))", "", N(t.Shards) + (t.UnownedShards > 0 ? $" ({N(t.UnownedShards)} unowned)" : ""),
            N(t.LiveEntities), N(t.Endpoints)));
        console.Write(nodes);
        var spread = NewTable("distribution", "min", "max", "mean");
        foreach (var (name, s) in new[]
                 {
                     ("shards per node", stats.Distribution.ShardsPerNode), ("live entities per node", stats.Distribution.LiveEntitiesPerNode),
                     ("endpoints per node", stats.Distribution.EndpointsPerNode), ("endpoints per shard", stats.Distribution.EndpointsPerShard),
                 })
            spread.AddRow(Cells(name, N(s.Min), N(s.Max), s.Mean.ToString("0.###", CultureInfo.InvariantCulture)));
        console.Write(spread);
    }

    private static void RenderEndpoint(IAnsiConsole console, EndpointPlacementResource p)
    {
        var e = p.Endpoint;
        var reach = e.Reachability;
        var fields = new List<(string Key, string Value)>();
        void Add(string key, string value) => fields.Add((key, value));
        Add("endpoint", p.Id);
        Add("hostname", e.Hostname ?? "-");
        Add("client group", e.ClientGroupId);
        Add("shard", N(p.Shard));
        Add("owner", p.OwnerNodeId is null ? "(unowned)" : $"{p.OwnerNodeId} {p.OwnerUrl}".TrimEnd());
        Add("epoch", p.Epoch.ToString(CultureInfo.InvariantCulture));
        Add("lease expires", p.LeaseExpiresAt is { } at ? Time(at) : "never");
        Add("entity", p.LiveHere ? $"live on {p.ServedBy}" : $"not live on {p.ServedBy}");
        Add("readiness", e.Readiness.Flags.Count == 0 ? "ready" : string.Join(", ", e.Readiness.Flags));
        Add("last check-in", e.Readiness.LastCheckInAt is { } checkIn ? Time(checkIn) : "never");
        Add("os / agent", $"{e.Readiness.Os ?? "?"} / {e.Readiness.AgentVersion ?? "?"}");
        Add("reachability", reach.State + (reach.LastRttMs is { } rtt ? $" · {rtt.ToString("0.#", CultureInfo.InvariantCulture)} ms" : "")
            + (reach.Transport is { } transport ? $" · {transport}" : ""));
        Add("session", e.Session.State);
        Add("open commands", N(e.PendingCommands));
        var width = fields.Max(f => f.Key.Length) + 2;
        foreach (var (key, value) in fields)
            console.Profile.Out.Writer.WriteLine(key.PadRight(width) + value);
    }

    private static Table NewTable(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
            table.AddColumn(new TableColumn(new Text(column)));
        return table;
    }

    /// <summary>Plain text cells: values from the node are never read as Spectre markup.</summary>
    private static IRenderable[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

    private static string N(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Age(long ms) => ms < 1_000 ? $"{ms} ms ago" : (ms / 1_000.0).ToString("0.# s ago", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
