namespace Caisey.Node.Journal;

/// <summary>An id's head in the SQLite journal: its highest sequence number and the row of its newest event (0: none).</summary>
internal readonly record struct JournalHead(long Seq, long Ordering)
{
    public static JournalHead None => default;
}
