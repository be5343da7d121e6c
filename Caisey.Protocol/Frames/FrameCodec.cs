using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Caisey.Protocol.Frames;

/// <summary>
/// Encodes frames to UTF-8 JSON and decodes them with validation. Decoding never throws anything but
/// <see cref="FrameException"/>: oversized, malformed, untyped, unknown or invalid frames are all
/// reported with a message that says what was wrong.
/// </summary>
public sealed class FrameCodec
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    public FrameCodec(int maxFrameBytes = BridgeProtocol.DefaultMaxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrameBytes);
        MaxFrameBytes = maxFrameBytes;
    }

    /// <summary>The largest frame, in encoded bytes, this codec accepts in either direction.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Every <c>type</c> discriminator this build knows.</summary>
    public static FrozenSet<string> FrameTypes { get; } = ProtocolJsonContext.Default.Frame.PolymorphismOptions!
        .DerivedTypes.Select(d => (string)d.TypeDiscriminator!).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Encodes <paramref name="frame"/>; throws <see cref="FrameException"/> when it is invalid or too large.</summary>
    public byte[] Encode(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Validate() is { } problem)
            throw new FrameException(FrameErrorKind.InvalidField, $"Cannot encode an invalid {frame.GetType().Name} frame: {problem}.");
        var bytes = JsonSerializer.SerializeToUtf8Bytes(frame, ProtocolJsonContext.Default.Frame);
        if (bytes.Length > MaxFrameBytes)
            throw TooLarge(bytes.Length);
        return bytes;
    }

    /// <summary>Decodes one frame; throws <see cref="FrameException"/> for anything that is not a valid frame.</summary>
    public Frame Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxFrameBytes)
            throw TooLarge(utf8.Length);
        var type = ReadType(utf8);
        if (!FrameTypes.Contains(type))
            throw new FrameException(FrameErrorKind.UnknownType, $"Unknown frame type '{type}'.");
        Frame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(utf8, ProtocolJsonContext.Default.Frame);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new FrameException(FrameErrorKind.InvalidField, $"Invalid '{type}' frame: {e.Message}", e);
        }
        if (frame is null)
            throw new FrameException(FrameErrorKind.MalformedJson, "A frame must be a JSON object, not null.");
        if (frame.Validate() is { } problem)
            throw new FrameException(FrameErrorKind.InvalidField, $"Invalid '{type}' frame: {problem}.");
        return frame;
    }

    /// <summary>Decodes one frame without throwing.</summary>
    public bool TryDecode(
        ReadOnlySpan<byte> utf8,
        [NotNullWhen(true)] out Frame? frame,
        [NotNullWhen(false)] out FrameException? error)
    {
        try
        {
            frame = Decode(utf8);
            error = null;
            return true;
        }
        catch (FrameException e)
        {
            frame = null;
            error = e;
            return false;
        }
    }

    private FrameException TooLarge(int length) =>
        new(FrameErrorKind.TooLarge, $"Frame is {length} bytes; the limit is {MaxFrameBytes} bytes.");

    /// <summary>Reads the whole document once, checking it is one JSON object, and returns its top-level <c>type</c>.</summary>
    private static string ReadType(ReadOnlySpan<byte> utf8)
    {
        string? type = null;
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FrameException(FrameErrorKind.MalformedJson, "A frame must be a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType && reader.TokenType != JsonTokenType.String)
                    throw new FrameException(FrameErrorKind.MissingType, $"The frame's 'type' must be a string, not {reader.TokenType}.");
                if (isType)
                    type = reader.GetString();
                else
                    reader.Skip();
            }
            if (reader.Read())
                throw new FrameException(FrameErrorKind.MalformedJson, "A frame must be exactly one JSON object.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FrameException(FrameErrorKind.MalformedJson, $"Frame is not well-formed JSON: {e.Message}", e);
        }
        return type ?? throw new FrameException(FrameErrorKind.MissingType, "The frame has no 'type' property.");
    }
}
