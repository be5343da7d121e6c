using Caisey.Protocol.Configuration;

namespace Caisey.Node.Cluster;

/// <summary>Cluster membership and shard leases (<c>caisey.cluster</c> in HOCON).</summary>
/// <remarks>All lease times are measured by the database clock (<c>clock_timestamp()</c>), never the node's.</remarks>
public sealed class ClusterOptions
{
    /// <summary>Run as one node of a cluster sharing PostgreSQL (<c>caisey.cluster.enabled</c>).</summary>
    public bool Enabled { get; set; }

    /// <summary>This node's name in the cluster; empty means machine name plus a generated suffix (<see cref="ResolvedNodeId"/>).</summary>
    public string NodeId { get; set; } = "";

    /// <summary>URL other nodes use to reach this one; the first of a ';'-separated list is used.</summary>
    public string AdvertisedUrl { get; set; } = "";

    /// <summary>Number of shards entity ids hash to; fixed for the life of a cluster.</summary>
    public int ShardCount { get; set; } = ShardMap.DefaultShardCount;

    /// <summary>How often a node heartbeats, renews its leases and rebalances (one tick).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a renewed lease stays valid without another renewal.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A member whose last heartbeat is older than this is unreachable: it gets no shards.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait for a shard's entities to drain before its lease moves anyway.</summary>
    public TimeSpan HandoffTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a request for an endpoint waits for its shard's owner (while the shard moves) before it gets 503.</summary>
    [ConfigKey("route-timeout")]
    public TimeSpan RouteTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The node id, generated once per options instance when <see cref="NodeId"/> is empty.</summary>
    public string ResolvedNodeId => string.IsNullOrWhiteSpace(NodeId) ? _generatedId.Value : NodeId.Trim();

    /// <summary>The first URL of <see cref="AdvertisedUrl"/>.</summary>
    public string ResolvedAdvertisedUrl =>
        AdvertisedUrl.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    /// <summary>How long before its local lease expiry the fence stops answering (one heartbeat interval).</summary>
    public TimeSpan FenceSafetyMargin => HeartbeatInterval;

    private readonly Lazy<string> _generatedId = new(() => $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}");

    public static ClusterOptions Bind(IConfiguration configuration) => ConfigurationBinding.Bind<ClusterOptions>(configuration, "caisey:cluster");

    /// <summary>Every problem with these options, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ShardCount is < 1 or > 65536)
            errors.Add($"caisey.cluster.shard-count must be between 1 and 65536, but is {ShardCount}.");
        foreach (var (name, value) in new[]
                 {
                     ("heartbeat-interval", HeartbeatInterval), ("lease-duration", LeaseDuration),
                     ("node-timeout", NodeTimeout), ("handoff-timeout", HandoffTimeout), ("route-timeout", RouteTimeout),
                 })
            if (value <= TimeSpan.Zero)
                errors.Add($"caisey.cluster.{name} must be positive, but is {value}.");
        if (HeartbeatInterval > TimeSpan.Zero && LeaseDuration <= 2 * HeartbeatInterval)
            errors.Add($"caisey.cluster.lease-duration ({LeaseDuration}) must be more than twice caisey.cluster.heartbeat-interval ({HeartbeatInterval}), so that one late renewal does not lose every lease.");
        if (HeartbeatInterval > TimeSpan.Zero && NodeTimeout <= 2 * HeartbeatInterval)
            errors.Add($"caisey.cluster.node-timeout ({NodeTimeout}) must be more than twice caisey.cluster.heartbeat-interval ({HeartbeatInterval}), or live members look unreachable.");
        if (NodeTimeout > LeaseDuration)
            errors.Add($"caisey.cluster.node-timeout ({NodeTimeout}) must not exceed caisey.cluster.lease-duration ({LeaseDuration}): a dead node's shards move once both have passed.");
        if (Enabled)
        {
            var url = ResolvedAdvertisedUrl;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                errors.Add($"caisey.cluster.advertised-url must be an http:// or https:// URL other nodes can reach, but is '{AdvertisedUrl}'.");
        }
        return errors;
    }
}
