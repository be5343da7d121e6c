using System.Text.Json.Serialization;
using Caisey.Node.Endpoints;

namespace Caisey.Node.Cluster;

/// <summary>Source-generated JSON for what nodes send each other: endpoint messages, their replies and fleet broadcasts.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(QueueCommand))]
[JsonSerializable(typeof(CancelCommand))]
[JsonSerializable(typeof(GetCommand))]
[JsonSerializable(typeof(GetEndpoint))]
[JsonSerializable(typeof(GetOpenCommands))]
[JsonSerializable(typeof(GetApproval))]
[JsonSerializable(typeof(RequestApproval))]
[JsonSerializable(typeof(AnswerApproval))]
[JsonSerializable(typeof(Enroll))]
[JsonSerializable(typeof(AcknowledgeCommand))]
[JsonSerializable(typeof(CompleteCommand))]
[JsonSerializable(typeof(FailCommand))]
[JsonSerializable(typeof(MarkRunning))]
[JsonSerializable(typeof(MarkDispatched))]
[JsonSerializable(typeof(GetDispatch))]
[JsonSerializable(typeof(DispatchCommand))]
[JsonSerializable(typeof(CheckIn))]
[JsonSerializable(typeof(Wake))]
[JsonSerializable(typeof(CommandView))]
[JsonSerializable(typeof(EndpointView))]
[JsonSerializable(typeof(EndpointRejection))]
[JsonSerializable(typeof(OpenCommands))]
[JsonSerializable(typeof(EndpointApproval))]
[JsonSerializable(typeof(CommandDispatch))]
[JsonSerializable(typeof(RemoteEnvelope))]
[JsonSerializable(typeof(BusMessage))]
[JsonSerializable(typeof(RemoteReachability))]
[JsonSerializable(typeof(Commands.OutputChunkRecord))]
[JsonSerializable(typeof(string))]
public sealed partial class ClusterJsonContext : JsonSerializerContext;
