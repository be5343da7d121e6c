namespace Caisey.Node.Journal;

/// <summary>Counters of a group-commit journal writer since it opened.</summary>
/// <param name="Batches">Transactions committed (one fsync each with synchronous=FULL), including failed ones.</param>
/// <param name="Requests">Write requests (appends, deletes, snapshot writes) taken into batches.</param>
/// <param name="Appends">Appends committed.</param>
/// <param name="Events">Events committed.</param>
/// <param name="Failed">Requests failed by the writer (conflicts, storage errors, failed commits).</param>
/// <param name="BusyTicks">Time the writer spent writing batches (commit and fsync included), in <see cref="System.Diagnostics.Stopwatch"/> ticks.</param>
public readonly record struct JournalWriterStats(long Batches, long Requests, long Appends, long Events, long Failed, long BusyTicks = 0)
{
    /// <summary>Mean write requests per batch.</summary>
    public double RequestsPerBatch => Batches == 0 ? 0 : (double)Requests / Batches;
}
