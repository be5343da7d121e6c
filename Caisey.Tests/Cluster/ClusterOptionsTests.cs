using Caisey.Node.Cluster;
using Microsoft.Extensions.Configuration;

namespace Caisey.Tests.Cluster;

public sealed class ClusterOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndMatchTheDocumentedOnes()
    {
        var options = ClusterOptions.Bind(new ConfigurationBuilder().Build());

        Assert.False(options.Enabled);
        Assert.Equal(256, options.ShardCount);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), options.NodeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.HandoffTimeout);
        Assert.Empty(options.Validate());
        Assert.False(string.IsNullOrWhiteSpace(options.ResolvedNodeId));
        Assert.Equal(options.ResolvedNodeId, options.ResolvedNodeId);
    }

    [Fact]
    public void Bind_ReadsHoconKeys_AndTheFirstAdvertisedUrl()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["caisey:cluster:enabled"] = "true",
            ["caisey:cluster:node-id"] = "n7",
            ["caisey:cluster:advertised-url"] = "http://10.0.0.7:5080;http://localhost:5080",
            ["caisey:cluster:heartbeat-interval"] = "250ms",
            ["caisey:cluster:lease-duration"] = "2s",
            ["caisey:cluster:node-timeout"] = "1500ms",
            ["caisey:cluster:handoff-timeout"] = "5s",
        }).Build();

        var options = ClusterOptions.Bind(configuration);

        Assert.Equal("n7", options.ResolvedNodeId);
        Assert.Equal("http://10.0.0.7:5080", options.ResolvedAdvertisedUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.HeartbeatInterval);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var options = new ClusterOptions
        {
            Enabled = true,
            AdvertisedUrl = "not a url",
            ShardCount = 0,
            HeartbeatInterval = TimeSpan.FromSeconds(1),
            LeaseDuration = TimeSpan.FromSeconds(2),
            NodeTimeout = TimeSpan.FromSeconds(5),
            HandoffTimeout = TimeSpan.Zero,
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("shard-count", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("lease-duration", StringComparison.Ordinal) && e.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("node-timeout", StringComparison.Ordinal) && e.Contains("must not exceed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("handoff-timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("advertised-url", StringComparison.Ordinal));
    }

    [Fact]
    public void AddCluster_WhenDisabled_RegistersOnlyTheOptions_AndRejectsInvalidOptions()
    {
        var services = new ServiceCollection();
        services.AddCluster(new ConfigurationBuilder().Build());
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ShardLeaseManager));

        var invalid = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["caisey:cluster:lease-duration"] = "500ms" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddCluster(invalid));
        Assert.Contains("lease-duration", error.Message, StringComparison.Ordinal);
    }
}
