namespace Caisey.Protocol.Frames;

/// <summary>Why a frame could not be encoded or decoded.</summary>
public enum FrameErrorKind
{
    /// <summary>The bytes are not one well-formed JSON object.</summary>
    MalformedJson,

    /// <summary>The object has no <c>type</c> string.</summary>
    MissingType,

    /// <summary>The <c>type</c> names no frame this build knows.</summary>
    UnknownType,

    /// <summary>A field is missing, null where it may not be, of the wrong JSON kind, or out of range.</summary>
    InvalidField,

    /// <summary>The frame is larger than the codec's limit.</summary>
    TooLarge,
}
