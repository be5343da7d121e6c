using System.Text.Json.Serialization;

namespace Caisey.Tests.Journal;

[JsonSerializable(typeof(TestEventHappened))]
[JsonSerializable(typeof(LargeEventHappened))]
[JsonSerializable(typeof(TestSnapshotTaken))]
[JsonSerializable(typeof(BurstEventAppended))]
[JsonSerializable(typeof(NotRegisteredEvent))]
internal sealed partial class JournalTestJsonContext : JsonSerializerContext;
