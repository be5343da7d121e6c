namespace Caisey.Node.Ops;

public static partial class OpsCommand
{
    private static async Task ShowClusterAsync(VerbContext ctx, CancellationToken cancellationToken)
    {
        var (raw, cluster) = await ctx.Client.GetAsync("/ops/v1/cluster", OpsJsonContext.Default.ClusterResource, cancellationToken).ConfigureAwait(false);
        if (!await PrintedRawAsync(ctx, raw).ConfigureAwait(false))
            RenderCluster(ctx.Io.Console, cluster);
    }

    private static async Task ActAsync(VerbContext ctx, string action, string node, CancellationToken cancellationToken)
    {
        var (raw, answer) = await ctx.Client.PostAsync($"/ops/v1/cluster/{action}", new NodeActionRequest(node),
            OpsJsonContext.Default.NodeActionRequest, OpsJsonContext.Default.ClusterActionResource, cancellationToken).ConfigureAwait(false);
        if (!await PrintedRawAsync(ctx, raw).ConfigureAwait(false))
            await ctx.Io.Output.WriteLineAsync($"{answer.Action} {answer.Node}: {answer.Detail}").ConfigureAwait(false);
    }

    private static async Task ListShardsAsync(VerbContext ctx, bool all, CancellationToken cancellationToken)
    {
        var (raw, shards) = await ctx.Client.GetAsync("/ops/v1/shards", OpsJsonContext.Default.ShardsResource, cancellationToken).ConfigureAwait(false);
        if (!await PrintedRawAsync(ctx, raw).ConfigureAwait(false))
            RenderShards(ctx.Io.Console, shards, all);
    }

    private static async Task ShardStatsAsync(VerbContext ctx, CancellationToken cancellationToken)
    {
        var (raw, stats) = await ctx.Client.GetAsync("/ops/v1/shards/stats", OpsJsonContext.Default.ShardStatsResource, cancellationToken).ConfigureAwait(false);
        if (!await PrintedRawAsync(ctx, raw).ConfigureAwait(false))
            RenderStats(ctx.Io.Console, stats);
    }

    private static async Task ShowEndpointAsync(VerbContext ctx, string id, CancellationToken cancellationToken)
    {
        var (raw, placement) = await ctx.Client.GetAsync($"/ops/v1/endpoints/{Uri.EscapeDataString(id)}",
            OpsJsonContext.Default.EndpointPlacementResource, cancellationToken).ConfigureAwait(false);
        if (!await PrintedRawAsync(ctx, raw).ConfigureAwait(false))
            RenderEndpoint(ctx.Io.Console, placement);
    }

    private static async Task PeekLogAsync(VerbContext ctx, int lines, CancellationToken cancellationToken)
    {
        var (raw, log) = await ctx.Client.GetAsync($"/ops/v1/log?lines={lines}", OpsJsonContext.Default.LogResource, cancellationToken).ConfigureAwait(false);
        if (await PrintedRawAsync(ctx, raw).ConfigureAwait(false))
            return;
        foreach (var line in log.Lines)
            await ctx.Io.Output.WriteLineAsync(line).ConfigureAwait(false);
    }

    private static async Task<bool> PrintedRawAsync(VerbContext ctx, string raw)
    {
        if (!ctx.Json)
            return false;
        await ctx.Io.Output.WriteLineAsync(raw).ConfigureAwait(false);
        return true;
    }
}
