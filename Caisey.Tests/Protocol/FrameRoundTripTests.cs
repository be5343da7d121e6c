using System.Text;
using System.Text.Json;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Protocol;

public sealed class FrameRoundTripTests
{
    private readonly FrameCodec _codec = new();

    public static TheoryData<Frame> Frames => FrameSamples.Theory();

    [Theory]
    [MemberData(nameof(Frames))]
    public void EveryFrame_SurvivesEncodeThenDecode(Frame frame)
    {
        var bytes = _codec.Encode(frame);
        var decoded = _codec.Decode(bytes);

        Assert.IsType(frame.GetType(), decoded);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(_codec.Encode(decoded)));
        if (frame is not Hello)
            Assert.Equal(frame, decoded);
    }

    [Fact]
    public void Samples_CoverEveryFrameTypeTheCodecKnows()
    {
        var sampled = FrameSamples.All.Select(f => TypeOf(_codec.Encode(f))).Order();

        Assert.Equal(FrameCodec.FrameTypes.Order(), sampled);
        Assert.Equal(16, FrameCodec.FrameTypes.Count);
    }

    [Fact]
    public void Encode_WritesTheTypeDiscriminatorAndCamelCaseFields()
    {
        var json = Encoding.UTF8.GetString(_codec.Encode(new RunCommand("f-1", "cmd-1", "ls", null, 30, 4096)));

        Assert.Equal(
            """{"type":"run-command","commandId":"cmd-1","script":"ls","shell":null,"timeoutSeconds":30,"outputLimitBytes":4096,"id":"f-1"}""",
            json);
    }

    [Fact]
    public void RunCommand_WithANotice_CarriesIt_AndWithoutOneOmitsTheField()
    {
        var noticed = Assert.IsType<RunCommand>(_codec.Decode(_codec.Encode(new RunCommand("f-1", "cmd-1", "ls", null, 30, 4096, "tech is running a command"))));

        Assert.Equal("tech is running a command", noticed.Notice);
        Assert.DoesNotContain("notice", Encoding.UTF8.GetString(_codec.Encode(new RunCommand("f-2", "cmd-1", "ls", null, 30, 4096))), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WritesOutputStreamsAsLowercaseNames()
    {
        var json = Encoding.UTF8.GetString(_codec.Encode(new OutputChunk("f-1", "cmd-1", 0, OutputStream.Stdout, "x")));

        Assert.Contains("\"stream\":\"stdout\"", json);
    }

    [Fact]
    public void Hello_RoundTripsItsLastAckedIds()
    {
        var decoded = Assert.IsType<Hello>(_codec.Decode(_codec.Encode(new Hello("f-1", "ep-1", "1.0", 1, ["a", "b"]))));

        Assert.Equal(["a", "b"], decoded.LastAckedIds);
    }

    [Fact]
    public void ExpectsAck_IsTrueForRequestsAndFalseForAnswersAndHandshakes()
    {
        var answeredByAck = FrameSamples.All.Where(f => f.ExpectsAck).Select(f => f.GetType().Name).Order();

        Assert.Equal(
            ["ApprovalAnswer", "ApprovalRequest", "CancelCommand", "CheckIn", "CommandAccepted", "CommandFailed", "CommandFinished", "CommandStarted", "OutputChunk", "RunCommand"],
            answeredByAck);
    }

    private static string TypeOf(byte[] json) => JsonDocument.Parse(json).RootElement.GetProperty("type").GetString()!;
}
