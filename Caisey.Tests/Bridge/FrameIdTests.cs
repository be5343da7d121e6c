using Caisey.Node.Bridge;

namespace Caisey.Tests.Bridge;

public sealed class FrameIdTests
{
    [Fact]
    public async Task NewFrameId_IsUniqueAcrossConcurrentCallers()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 10_000).Select(_ => BridgeSession.NewFrameId()).ToArray())));

        var all = ids.SelectMany(x => x).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, id => Assert.StartsWith("n-", id, StringComparison.Ordinal));
    }
}
