using Caisey.Node.Ops;
using Serilog;

namespace Caisey.Tests.Ops;

public sealed class LogRingTests
{
    [Fact]
    public void Tail_KeepsOnlyTheLastCapacityLines_OldestFirst()
    {
        var ring = new LogRing(capacity: 3);
        using (var logger = new LoggerConfiguration().WriteTo.Sink(ring).CreateLogger())
            for (var i = 1; i <= 5; i++)
                logger.Information("line {Number}", i);

        Assert.Equal(["line 3", "line 4", "line 5"], ring.Tail(10).Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        Assert.Equal(["line 5"], ring.Tail(1).Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public void Emit_CutsAHugeLine_SoTheRingStaysBounded()
    {
        var ring = new LogRing(capacity: 2);
        using (var logger = new LoggerConfiguration().WriteTo.Sink(ring).CreateLogger())
            logger.Warning("{Blob}", new string('x', 100_000));

        var line = Assert.Single(ring.Tail(5));
        Assert.Equal(LogRing.MaxLineLength + 2, line.Length);
        Assert.EndsWith(" …", line, StringComparison.Ordinal);
        Assert.Contains(" WRN ", line, StringComparison.Ordinal);
    }
}
