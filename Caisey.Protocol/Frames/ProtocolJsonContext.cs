using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caisey.Protocol.Frames;

/// <summary>
/// Source-generated JSON metadata for every bridge frame: camelCase, strict about required constructor
/// parameters and nullability, tolerant of unknown properties and of <c>type</c> not coming first.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowOutOfOrderMetadataProperties = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    MaxDepth = 16)]
[JsonSerializable(typeof(Frame))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
