using Caisey.Agent.Bridge;

namespace Caisey.Tests.Agent.Bridge;

public sealed class TransportRotationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly string[] Urls = ["http://node-a:5080/", "http://node-b:5080/"];

    private TransportRotation Rotation(params string[] urls) =>
        new(TransportCandidate.ListFor(urls.Length == 0 ? Urls : urls), _dir.Path, failuresBeforeRotation: 2, TimeProvider.System);

    [Fact]
    public void ListFor_PutsEveryWebSocketFirst_ThenEveryLongPollAsTheLastResort()
    {
        Assert.Equal(
            ["websocket http://node-a:5080/", "websocket http://node-b:5080/", "long-poll http://node-a:5080/", "long-poll http://node-b:5080/"],
            TransportCandidate.ListFor(Urls).Select(c => c.Name));
    }

    [Fact]
    public void ReportFailure_MovesOnOnlyAfterRepeatedFailures_AndWrapsAround()
    {
        var rotation = Rotation();

        Assert.False(rotation.ReportFailure());
        Assert.Equal(0, rotation.Index);
        Assert.True(rotation.ReportFailure());
        Assert.Equal("websocket http://node-b:5080/", rotation.Current.Name);
        for (var i = 0; i < 6; i++)
            rotation.ReportFailure();
        Assert.Equal(0, rotation.Index);
    }

    [Fact]
    public void ReportSuccess_IsRemembered_ByTheNextRotationInTheSameDataDirectory()
    {
        var first = Rotation();
        first.ReportFailure();
        first.ReportFailure();
        first.ReportFailure();
        first.ReportFailure();
        first.ReportSuccess();

        var restarted = Rotation();

        Assert.Equal("long-poll http://node-a:5080/", restarted.Current.Name);
        Assert.Equal("long-poll http://node-a:5080/", TransportRotation.LoadState(_dir.Path)?.Name);
    }

    [Fact]
    public void ARememberedTransportThatIsNoLongerListed_StartsFromTheTop()
    {
        var first = Rotation();
        first.ReportFailure();
        first.ReportFailure();
        first.ReportSuccess();

        var changed = Rotation("http://node-c:5080/");

        Assert.Equal("websocket http://node-c:5080/", changed.Current.Name);
    }

    [Fact]
    public void ASuccess_ResetsTheFailureCount()
    {
        var rotation = Rotation();
        rotation.ReportFailure();
        rotation.ReportSuccess();

        Assert.False(rotation.ReportFailure());
        Assert.Equal(0, rotation.Index);
    }

    public void Dispose() => _dir.Dispose();
}
