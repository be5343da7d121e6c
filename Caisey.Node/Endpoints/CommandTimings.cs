using System.Text.Json.Serialization;

namespace Caisey.Node.Endpoints;

/// <summary>A command's timing breakdown in milliseconds, derived from its timeline; null until both ends happened.</summary>
/// <param name="QueuedMs">Submitted → first dispatched (queue wait, including any not-before hold).</param>
/// <param name="DeliveryMs">First dispatched → acknowledged (includes re-dispatches).</param>
/// <param name="AckMs">Acknowledged → running (how long the agent took to start it).</param>
/// <param name="ExecutionMs">Running → finished.</param>
/// <param name="RoundTripMs">Submitted → finished (succeeded, failed or cancelled; not expired).</param>
public sealed record CommandTimings(long? QueuedMs, long? DeliveryMs, long? AckMs, long? ExecutionMs, [property: JsonIgnore] long? RoundTripMs)
{
    public static CommandTimings From(DateTimeOffset submittedAt, IReadOnlyList<TimelineEntry> timeline)
    {
        // One pass by index: every step's view takes its timings, and LINQ over the timeline boxed an enumerator per scan.
        DateTimeOffset? dispatched = null, acknowledged = null, running = null, finished = null;
        for (var i = 0; i < timeline.Count; i++)
        {
            var entry = timeline[i];
            switch (entry.Status)
            {
                case CommandStatus.Dispatched:
                    dispatched ??= entry.At;
                    break;
                case CommandStatus.Acknowledged:
                    acknowledged ??= entry.At;
                    break;
                case CommandStatus.Running:
                    running ??= entry.At;
                    break;
                case CommandStatus.Succeeded or CommandStatus.Failed or CommandStatus.Cancelled:
                    finished ??= entry.At;
                    break;
            }
        }
        return new CommandTimings(
            Between(submittedAt, dispatched), Between(dispatched, acknowledged), Between(acknowledged, running),
            Between(running, finished), Between(submittedAt, finished));
    }

    private static long? Between(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } f && to is { } t ? (long)(t - f).TotalMilliseconds : null;
}
