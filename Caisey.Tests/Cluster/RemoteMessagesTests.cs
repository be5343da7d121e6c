using System.Text.Json;
using Caisey.Node.Cluster;
using Caisey.Node.Endpoints;

namespace Caisey.Tests.Cluster;

public sealed class RemoteMessagesTests
{
    [Fact]
    public void Every_endpoint_message_type_can_cross_nodes_and_comes_back_equal()
    {
        var messageTypes = typeof(IEndpointMessage).Assembly.GetTypes()
            .Where(t => typeof(IEndpointMessage).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false }).ToList();
        Assert.True(messageTypes.Count >= 15, $"found only {messageTypes.Count} message types");
        foreach (var type in messageTypes)
        {
            var sample = Sample(type);
            var back = RemoteMessages.DecodeMessage(RoundTrip(RemoteMessages.Encode(sample)));
            Assert.Equal(sample, back);
        }
    }

    [Fact]
    public void Replies_round_trip_including_null_and_unknown_types_fail_loudly()
    {
        Assert.Null(RemoteMessages.Decode(RoundTrip(RemoteMessages.Encode(null))));
        var rejection = new EndpointRejection(RejectionCode.UnknownCommand, "no such command");
        Assert.Equal(rejection, RemoteMessages.Decode(RoundTrip(RemoteMessages.Encode(rejection))));
        Assert.Throws<NotSupportedException>(() => RemoteMessages.Encode(new Uri("http://x/")));
        Assert.Throws<JsonException>(() => RemoteMessages.Decode(new RemoteEnvelope("drop-table", JsonDocument.Parse("{}").RootElement)));
    }

    private static RemoteEnvelope RoundTrip(RemoteEnvelope envelope) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(envelope, ClusterJsonContext.Default.RemoteEnvelope), ClusterJsonContext.Default.RemoteEnvelope)!;

    /// <summary>An instance with every constructor parameter set to a non-default value.</summary>
    private static object Sample(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var args = constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!)).ToArray();
        return constructor.Invoke(args);
    }

    private static object? Value(Type type, string name)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return name + "-value";
        if (t == typeof(int)) return 7;
        if (t == typeof(long)) return 42L;
        if (t == typeof(bool)) return true;
        if (t == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero);
        if (t.IsEnum) return Enum.GetValues(t).GetValue(Enum.GetValues(t).Length - 1);
        throw new InvalidOperationException($"no sample for {type} {name}");
    }
}
