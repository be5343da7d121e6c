using System.Text.Json.Serialization;

namespace Caisey.Protocol.Frames;

/// <summary>Which of the process's output streams a chunk came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputStream>))]
public enum OutputStream
{
    [JsonStringEnumMemberName("stdout")]
    Stdout,

    [JsonStringEnumMemberName("stderr")]
    Stderr,
}
