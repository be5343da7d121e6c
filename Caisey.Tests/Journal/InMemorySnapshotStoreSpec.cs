using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

public sealed class InMemorySnapshotStoreSpec : SnapshotStoreSpec
{
    protected override ValueTask<ISnapshotStore> CreateStoreAsync(IEventSerializer serializer, TimeProvider time) =>
        ValueTask.FromResult<ISnapshotStore>(new InMemorySnapshotStore(serializer, time));
}
