using Caisey.Node.Endpoints;
using Caisey.Node.Runtime;

namespace Caisey.Tests.Endpoints;

/// <summary>Drives the pure endpoint behaviour as the host would (decide, then apply), with time as data.</summary>
public sealed class EndpointScenario
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly Node.Journal.JsonEventSerializer Serializer = EndpointManifests.CreateSerializer();

    private readonly EndpointBehavior _behavior = new();

    public EndpointScenario(bool enrolled = true)
    {
        State = _behavior.Initial("ep-1");
        if (enrolled)
            Send(new Enroll("default", "pc-1", "linux", "1.0"));
    }

    public EndpointState State { get; private set; }

    public DateTimeOffset Now { get; set; } = T0;

    public Decision Last { get; private set; } = Decision.ReplyOnly(null);

    public DateTimeOffset? NextDueAt => _behavior.NextDueAt(State);

    public Decision Send(IEndpointMessage message)
    {
        Last = _behavior.Decide(State, message, Now);
        var folded = Last.Events.Aggregate(State, _behavior.Apply);
        // The runtime takes a decision's State instead of folding again: it must be exactly the fold, in every scenario.
        if (Last.Events.Count > 0)
        {
            var carried = Assert.IsType<EndpointState>(Last.State);
            Assert.Equal(Serializer.Serialize(folded).Payload, Serializer.Serialize(carried).Payload);
        }
        State = folded;
        return Last;
    }

    /// <summary>Sends and expects a command view back.</summary>
    public CommandView Command(IEndpointMessage message) =>
        Assert.IsType<CommandView>(Send(message).Reply);

    /// <summary>Sends and expects a rejection that persists and performs nothing.</summary>
    public EndpointRejection Rejected(IEndpointMessage message)
    {
        var decision = Send(message);
        Assert.Empty(decision.Events);
        Assert.Empty(decision.Effects);
        return Assert.IsType<EndpointRejection>(decision.Reply);
    }

    public void Advance(TimeSpan by) => Now += by;
}
