using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Caisey.Node.Journal;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Journal;

/// <summary>
/// Kills a real writer process (SIGKILL) in the middle of group-committed appends and checks that every
/// acknowledged append survived, intact, with no gaps and no torn multi-event append.
/// </summary>
public sealed class JournalCrashTests : IDisposable
{
    private const int Ids = 48;
    private const int AcksBeforeKill = 3000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly JournalTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task WriterKilledMidBurst_EveryAcknowledgedAppendIsThereWholeAndGapFree()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var acks = await RunWriterAndKillAsync(deadline.Token);

        using (var check = new SqliteConnection($"Data Source={_files.File()};Pooling=False"))
        {
            check.Open();
            using var integrity = check.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", integrity.ExecuteScalar() as string);
        }

        await using var journal = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = _files.File() }, JournalTestSerializer.Create());
        var acknowledgedHighest = acks.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Max(a => a.Last));
        var stored = 0L;
        for (var i = 0; i < Ids; i++)
        {
            var id = $"crash-{i}";
            var highest = await journal.ReadHighestSequenceNrAsync(id);
            var acked = acknowledgedHighest.GetValueOrDefault(id);
            Assert.True(highest >= acked, $"{id}: append up to seq {acked} was acknowledged, but the journal ends at {highest}");
            stored += await AssertGapFreeAndWholeAsync(journal, id, highest);
        }

        Assert.True(stored >= acks.Sum(a => a.Count), $"{acks.Sum(a => a.Count)} events were acknowledged, but only {stored} are stored");
    }

    private static async Task<long> AssertGapFreeAndWholeAsync(IEventJournal journal, string id, long highest)
    {
        long expectedSeq = 0;
        var lastPart = (Part: 0, Of: 0);
        await foreach (var entry in journal.ReplayAsync(id, 1, long.MaxValue, long.MaxValue))
        {
            var e = (BurstEventAppended)entry.Event;
            Assert.True(entry.SequenceNr == ++expectedSeq, $"{id}: expected seq {expectedSeq} next, found {entry.SequenceNr} (a gap)");
            Assert.Equal((id, entry.SequenceNr), (e.Id, e.Seq));
            Assert.True(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(e.Body))) == e.Sha256, $"{id} seq {e.Seq}: payload is damaged");
            var expectedPart = lastPart.Part == lastPart.Of ? 1 : lastPart.Part + 1;
            Assert.True(e.Part == expectedPart, $"{id} seq {e.Seq}: expected part {expectedPart} of an append, found part {e.Part} of {e.Of}");
            lastPart = (e.Part, e.Of);
        }

        Assert.True(expectedSeq == highest, $"{id}: highest seq is {highest}, but events 1..{expectedSeq} replay");
        Assert.True(lastPart.Part == lastPart.Of, $"{id}: the last append is torn: it ends at part {lastPart.Part} of {lastPart.Of}");
        return expectedSeq;
    }

    private async Task<List<(string Id, long Last, int Count)>> RunWriterAndKillAsync(CancellationToken deadline)
    {
        var bench = Path.Combine(AppContext.BaseDirectory, "Caisey.Bench.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "exec", bench, "crash-writer", "--file", _files.File(), "--ids", Ids.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stderr = process.StandardError.ReadToEndAsync(deadline);
        var acks = new List<(string Id, long Last, int Count)>();
        try
        {
            await ReadAcksAsync(process.StandardOutput, acks, AcksBeforeKill, deadline, () => stderr);
            process.Kill();
            // Appends acknowledged between our decision and the kill count too: read stdout to its end.
            await ReadAcksAsync(process.StandardOutput, acks, int.MaxValue, deadline, () => stderr);
            await process.WaitForExitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            process.Kill();
            Assert.Fail($"crash writer did not produce {AcksBeforeKill} acknowledgements and exit within {Deadline}; got {acks.Count}");
        }

        Assert.True(process.ExitCode != 0, $"crash writer should have died from SIGKILL, but exited with 0; stderr: {await stderr}");
        return acks;
    }

    private static async Task ReadAcksAsync(StreamReader stdout, List<(string, long, int)> acks, int until, CancellationToken deadline, Func<Task<string>> stderr)
    {
        while (acks.Count < until && await stdout.ReadLineAsync(deadline) is { } line)
        {
            if (line == "ready")
                continue;
            var parts = line.Split(' ');
            if (parts is not ["ack", var id, var last, var count])
            {
                Assert.Fail($"unexpected crash writer output '{line}'");
                return;
            }

            acks.Add((id, long.Parse(last, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture)));
        }

        if (acks.Count < until && until != int.MaxValue)
            Assert.Fail($"crash writer exited after {acks.Count} acknowledgements (expected {until}); stderr: {await stderr()}");
    }
}
