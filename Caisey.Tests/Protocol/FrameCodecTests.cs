using System.Text;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Protocol;

public sealed class FrameCodecTests
{
    private readonly FrameCodec _codec = new();

    private FrameException DecodeFails(string json) =>
        Assert.Throws<FrameException>(() => _codec.Decode(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("{\"type\":\"ping\",\"id\":\"p-1\"")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"ping\"")]
    [InlineData("{\"type\":\"ping\",\"id\":\"p-1\"} {}")]
    [InlineData("{\"type\":\"ping\",\"id\":\"p-1\",}")]
    public void Decode_MalformedJson_ThrowsFrameExceptionMalformedJson(string json)
    {
        var e = DecodeFails(json);

        Assert.Equal(FrameErrorKind.MalformedJson, e.Kind);
        Assert.Equal(BridgeCloseCodes.InvalidFrame, e.CloseStatus);
    }

    [Fact]
    public void Decode_UnknownType_ThrowsFrameExceptionNamingTheType()
    {
        var e = DecodeFails("""{"type":"launch-missiles","id":"x-1"}""");

        Assert.Equal(FrameErrorKind.UnknownType, e.Kind);
        Assert.Contains("launch-missiles", e.Message);
    }

    [Theory]
    [InlineData("""{"id":"x-1"}""")]
    [InlineData("""{"type":7,"id":"x-1"}""")]
    [InlineData("""{"id":"x-1","nested":{"type":"ping"}}""")]
    public void Decode_WithoutATopLevelTypeString_ThrowsMissingType(string json)
    {
        Assert.Equal(FrameErrorKind.MissingType, DecodeFails(json).Kind);
    }

    [Theory]
    [InlineData("""{"type":"ack","id":"a-1"}""", "correlationId")]
    [InlineData("""{"type":"ack","correlationId":"x"}""", "id")]
    [InlineData("""{"type":"ack","id":"a-1","correlationId":null}""", "correlationId")]
    [InlineData("""{"type":"output-chunk","id":"o-1","commandId":"c","seq":"1","stream":"stdout","data":""}""", "seq")]
    [InlineData("""{"type":"output-chunk","id":"o-1","commandId":"c","seq":1,"stream":"stdin","data":""}""", "stream")]
    [InlineData("""{"type":"run-command","id":"r-1","commandId":"c","script":"ls","shell":null,"timeoutSeconds":0,"outputLimitBytes":1}""", "timeoutSeconds")]
    [InlineData("""{"type":"ping","id":""}""", "id")]
    public void Decode_MissingNullOrInvalidField_ThrowsInvalidFieldNamingIt(string json, string field)
    {
        var e = DecodeFails(json);

        Assert.Equal(FrameErrorKind.InvalidField, e.Kind);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void Decode_LargerThanTheLimit_ThrowsTooLargeWithMessageTooBig()
    {
        var codec = new FrameCodec(maxFrameBytes: 64);
        var json = Encoding.UTF8.GetBytes($$"""{"type":"ping","id":"{{new string('x', 100)}}"}""");

        var e = Assert.Throws<FrameException>(() => codec.Decode(json));

        Assert.Equal(FrameErrorKind.TooLarge, e.Kind);
        Assert.Equal(BridgeCloseCodes.MessageTooBig, e.CloseStatus);
        Assert.Contains("64", e.Message);
    }

    [Fact]
    public void Encode_LargerThanTheLimit_ThrowsTooLarge()
    {
        var chunk = new OutputChunk("o-1", "cmd-1", 0, OutputStream.Stdout, new string('x', BridgeProtocol.DefaultMaxFrameBytes));

        Assert.Equal(FrameErrorKind.TooLarge, Assert.Throws<FrameException>(() => _codec.Encode(chunk)).Kind);
    }

    [Fact]
    public void Encode_AnInvalidFrame_ThrowsInsteadOfSendingIt()
    {
        Assert.Equal(FrameErrorKind.InvalidField, Assert.Throws<FrameException>(() => _codec.Encode(new Ack("a-1", ""))).Kind);
    }

    [Fact]
    public void Decode_TypeAfterOtherFieldsAndUnknownExtraFields_StillDecodes()
    {
        var frame = _codec.Decode("""{"id":"a-1","future":{"x":[1,2]},"correlationId":"c-1","type":"ack"}"""u8);

        Assert.Equal(new Ack("a-1", "c-1"), frame);
    }

    [Fact]
    public void TryDecode_AnInvalidFrame_ReturnsFalseWithTheError()
    {
        Assert.False(_codec.TryDecode("{"u8, out var frame, out var error));
        Assert.Null(frame);
        Assert.Equal(FrameErrorKind.MalformedJson, error.Kind);
    }

    [Fact]
    public void Decode_ThousandsOfMutatedFrames_NeverThrowsAnythingButFrameException()
    {
        var random = new Random(20261122);
        var samples = FrameSamples.All.Select(_codec.Encode).ToArray();
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])samples[random.Next(samples.Length)].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var cut = bytes.AsSpan(0, random.Next(bytes.Length / 2, bytes.Length + 1));

            var ok = _codec.TryDecode(cut, out var frame, out var error);

            Assert.True(ok ? frame is not null : error is not null, $"mutation {i} gave neither a frame nor an error");
        }
    }
}
