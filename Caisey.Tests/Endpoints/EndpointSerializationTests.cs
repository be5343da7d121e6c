using System.Text;
using Caisey.Node.Endpoints;

namespace Caisey.Tests.Endpoints;

public sealed class EndpointSerializationTests
{
    [Fact]
    public void Manifests_EveryEventAndTheSnapshot_RoundTripThroughTheJournalSerializer()
    {
        var s = new EndpointScenario();
        var events = new List<object>();
        void Run(IEndpointMessage m) => events.AddRange(s.Send(m).Events);
        Run(new CheckIn("pc-1", "linux", "1.0", 10, 2));
        Run(new QueueCommand("cmd-1", "uptime", "tech", "sh", 30, null, EndpointScenario.T0.AddHours(1), "k", "b-1"));
        Run(new QueueCommand("cmd-2", "uptime", "tech", NotBefore: EndpointScenario.T0.AddMinutes(1)));
        Run(new QueueCommand("cmd-3", "uptime", "tech", ExpiresAt: EndpointScenario.T0.AddMinutes(1)));
        Run(new QueueCommand("cmd-4", "uptime", "tech"));
        Run(new MarkDispatched("cmd-1", "wss"));
        Run(new MarkRunning("cmd-1"));
        Run(new CancelCommand("cmd-1", "tech"));
        Run(new FailCommand("cmd-1", FailureReason.Cancelled));
        Run(new CancelCommand("cmd-4", "tech"));
        s.Now = EndpointScenario.T0.AddMinutes(1);
        Run(new Wake(s.Now));
        Run(new QueueCommand("cmd-5", "uptime", "tech"));
        Run(new MarkDispatched("cmd-5"));
        Run(new FailCommand("cmd-5", FailureReason.TimedOut, "no result", 137, 3));
        Run(new QueueCommand("cmd-6", "uptime", "tech"));
        Run(new MarkDispatched("cmd-6"));
        Run(new CompleteCommand("cmd-6", 0, 1));
        Run(new QueueCommand("cmd-7", "apt upgrade", "tech", RequiresConsent: true));
        Run(new AnswerApproval(s.State.Approval.Pending!.RequestId, Granted: true));
        Run(new RequestApproval("apr-2", "session", "screen", "tech", s.Now.AddMinutes(5)));
        Run(new AnswerApproval("apr-2", Granted: false));
        var serializer = EndpointManifests.CreateSerializer();

        var stored = events.Prepend(new EndpointEnrolled("ep-1", "default", "pc-1", "linux", "1.0", EndpointScenario.T0)).ToList();
        Assert.Equal(EndpointManifests.All.Values.Where(t => t != typeof(EndpointState)).ToHashSet(), stored.Select(e => e.GetType()).ToHashSet());
        foreach (var @event in stored)
        {
            var (manifest, payload) = serializer.Serialize(@event);
            Assert.Equal(@event, serializer.Deserialize(manifest, payload));
        }

        var (snapshotManifest, snapshotPayload) = serializer.Serialize(s.State);
        var restored = Assert.IsType<EndpointState>(serializer.Deserialize(snapshotManifest, snapshotPayload));
        Assert.Equal(s.State.Commands.Keys.Order(), restored.Commands.Keys.Order());
        foreach (var id in s.State.Commands.Keys)
            Assert.Equivalent(s.State.View(id), restored.View(id), strict: true);
        Assert.Equal(s.State.IdempotencyKeys, restored.IdempotencyKeys);
        Assert.Equal(s.State.NextOrdinal, restored.NextOrdinal);
        Assert.Contains("\"status\":\"cancelled\"", Encoding.UTF8.GetString(snapshotPayload));
    }
}
