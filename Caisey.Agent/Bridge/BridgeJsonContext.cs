using System.Text.Json;
using System.Text.Json.Serialization;
using Caisey.Agent.Enrollment;

namespace Caisey.Agent.Bridge;

/// <summary>Source-generated JSON for the agent's HTTP calls and its small state files (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(TransportState))]
[JsonSerializable(typeof(EnrollRequest))]
[JsonSerializable(typeof(EnrollResponse))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(DoorbellAnswer))]
internal sealed partial class BridgeJsonContext : JsonSerializerContext;
