using System.Text.Json;
using System.Text.Json.Serialization;
using Caisey.Agent.Enrollment;

namespace Caisey.Agent;

/// <summary>Source-generated JSON for the agent's local files.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.General,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    WriteIndented = true)]
[JsonSerializable(typeof(AgentCredential))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
