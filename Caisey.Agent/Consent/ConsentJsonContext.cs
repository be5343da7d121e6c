using System.Text.Json.Serialization;

namespace Caisey.Agent.Consent;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ConsentRequest))]
internal sealed partial class ConsentJsonContext : JsonSerializerContext;
