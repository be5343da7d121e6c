using System.Globalization;

namespace Caisey.Bench.Journal;

/// <summary>The figures of one benchmark repetition.</summary>
internal sealed record BenchRun(
    double RawRowsPerSecond,
    double JournalAppendsPerSecond,
    double AppendP50Us,
    double AppendP99Us,
    double RequestsPerBatch,
    double PerRowCommitsPerSecond,
    double CommitP50Us,
    double CommitP99Us,
    double RawSelectRowsPerSecond,
    double ReplayEventsPerSecond)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"raw {RawRowsPerSecond:N0}/s, journal {JournalAppendsPerSecond:N0}/s ({RequestsPerBatch:0.0}/batch), per-row {PerRowCommitsPerSecond:N0}/s, select {RawSelectRowsPerSecond:N0}/s, replay {ReplayEventsPerSecond:N0}/s");
}
