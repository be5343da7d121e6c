using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Caisey.Node.Endpoints;

namespace Caisey.Node.Cluster;

/// <summary>
/// The endpoint messages a node may ask another node's entities, and the replies that come back, by stable name.
/// A type missing here cannot cross nodes: <see cref="Encode"/> throws, so a new message is noticed in tests.
/// </summary>
public static class RemoteMessages
{
    private static readonly FrozenDictionary<string, JsonTypeInfo> ByName = new Dictionary<string, JsonTypeInfo>
    {
        ["queue-command"] = ClusterJsonContext.Default.QueueCommand,
        ["cancel-command"] = ClusterJsonContext.Default.CancelCommand,
        ["get-command"] = ClusterJsonContext.Default.GetCommand,
        ["get-endpoint"] = ClusterJsonContext.Default.GetEndpoint,
        ["get-open-commands"] = ClusterJsonContext.Default.GetOpenCommands,
        ["get-approval"] = ClusterJsonContext.Default.GetApproval,
        ["request-approval"] = ClusterJsonContext.Default.RequestApproval,
        ["answer-approval"] = ClusterJsonContext.Default.AnswerApproval,
        ["enroll"] = ClusterJsonContext.Default.Enroll,
        ["acknowledge-command"] = ClusterJsonContext.Default.AcknowledgeCommand,
        ["complete-command"] = ClusterJsonContext.Default.CompleteCommand,
        ["fail-command"] = ClusterJsonContext.Default.FailCommand,
        ["mark-running"] = ClusterJsonContext.Default.MarkRunning,
        ["mark-dispatched"] = ClusterJsonContext.Default.MarkDispatched,
        ["get-dispatch"] = ClusterJsonContext.Default.GetDispatch,
        ["dispatch-command"] = ClusterJsonContext.Default.DispatchCommand,
        ["check-in"] = ClusterJsonContext.Default.CheckIn,
        ["wake"] = ClusterJsonContext.Default.Wake,
        ["command-view"] = ClusterJsonContext.Default.CommandView,
        ["endpoint-view"] = ClusterJsonContext.Default.EndpointView,
        ["endpoint-rejection"] = ClusterJsonContext.Default.EndpointRejection,
        ["open-commands"] = ClusterJsonContext.Default.OpenCommands,
        ["endpoint-approval"] = ClusterJsonContext.Default.EndpointApproval,
        ["command-dispatch"] = ClusterJsonContext.Default.CommandDispatch,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByType = ByName.ToFrozenDictionary(p => p.Value.Type, p => p.Key);

    public static RemoteEnvelope Encode(object? value)
    {
        if (value is null)
            return new RemoteEnvelope(null, null);
        if (!ByType.TryGetValue(value.GetType(), out var name))
            throw new NotSupportedException($"{value.GetType().Name} cannot be sent to another node: add it to {nameof(RemoteMessages)}.");
        return new RemoteEnvelope(name, JsonSerializer.SerializeToElement(value, ByName[name]));
    }

    /// <exception cref="JsonException">Unknown type name or a body that does not fit it.</exception>
    public static object? Decode(RemoteEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Type is null)
            return null;
        if (!ByName.TryGetValue(envelope.Type, out var info))
            throw new JsonException($"Unknown remote message type '{envelope.Type}'.");
        if (envelope.Body is not { } body)
            throw new JsonException($"Remote message '{envelope.Type}' has no body.");
        return body.Deserialize(info) ?? throw new JsonException($"Remote message '{envelope.Type}' has a null body.");
    }

    public static IEndpointMessage DecodeMessage(RemoteEnvelope envelope) =>
        Decode(envelope) as IEndpointMessage ?? throw new JsonException($"'{envelope.Type}' is not an endpoint message.");
}
