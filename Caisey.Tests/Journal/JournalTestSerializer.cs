using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

/// <summary>The serializer every journal test uses; <see cref="NotRegisteredEvent"/> is deliberately missing.</summary>
internal static class JournalTestSerializer
{
    public static IEventSerializer Create() => new JsonEventSerializer(JournalTestJsonContext.Default.Options, new Dictionary<string, Type>
    {
        ["test-event"] = typeof(TestEventHappened),
        ["large-event"] = typeof(LargeEventHappened),
        ["test-snapshot"] = typeof(TestSnapshotTaken),
        ["burst"] = typeof(BurstEventAppended),
    });
}
