using Caisey.Node.Journal;

namespace Caisey.Tests.Journal;

public sealed class InMemoryJournalSpec : JournalSpec
{
    protected override ValueTask<IEventJournal> CreateJournalAsync(IEventSerializer serializer, TimeProvider time) =>
        ValueTask.FromResult<IEventJournal>(new InMemoryEventJournal(serializer, time));
}
