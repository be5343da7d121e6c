using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>Source-generated JSON for the endpoint's events, snapshot, views and effects (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EndpointEnrolled))]
[JsonSerializable(typeof(CheckedIn))]
[JsonSerializable(typeof(CommandQueued))]
[JsonSerializable(typeof(CommandReleased))]
[JsonSerializable(typeof(CommandDispatched))]
[JsonSerializable(typeof(CommandAcknowledged))]
[JsonSerializable(typeof(CommandStarted))]
[JsonSerializable(typeof(CommandSucceeded))]
[JsonSerializable(typeof(CommandFailed))]
[JsonSerializable(typeof(CommandCancelRequested))]
[JsonSerializable(typeof(CommandCancelled))]
[JsonSerializable(typeof(CommandExpired))]
[JsonSerializable(typeof(ApprovalRequested))]
[JsonSerializable(typeof(ApprovalGranted))]
[JsonSerializable(typeof(ApprovalDenied))]
[JsonSerializable(typeof(EndpointApproval))]
[JsonSerializable(typeof(EndpointState))]
[JsonSerializable(typeof(CommandView))]
[JsonSerializable(typeof(EndpointView))]
[JsonSerializable(typeof(EndpointRejection))]
public sealed partial class EndpointJsonContext : JsonSerializerContext;
