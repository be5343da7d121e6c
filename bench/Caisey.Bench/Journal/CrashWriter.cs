using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Caisey.Node.Journal;

namespace Caisey.Bench.Journal;

/// <summary>
/// Appends bursts of one to three events from many ids until it is killed, printing "ack ID LAST COUNT" for
/// every append as soon as it completes. JournalCrashTests kills it with SIGKILL and checks the file.
/// </summary>
internal static class CrashWriter
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var file = options.Get("file") ?? throw new ArgumentException("crash-writer needs --file PATH");
        var ids = options.GetInt("ids", 48);
        await using var journal = SqliteEventJournal.Open(new SqliteJournalOptions { FilePath = file }, BenchSerializer.Create());
        var output = System.Console.Out;
        await output.WriteLineAsync("ready");
        await Task.WhenAll(Enumerable.Range(0, ids).Select(i => Task.Run(() => WriteForeverAsync(journal, $"crash-{i}", output))));
        return 0;
    }

    private static async Task WriteForeverAsync(IEventJournal journal, string id, TextWriter output)
    {
        var random = new Random(id.GetHashCode(StringComparison.Ordinal));
        for (long seq = 0; ; )
        {
            var count = random.Next(1, 4);
            var events = new object[count];
            for (var part = 1; part <= count; part++)
            {
                var body = RandomNumberGenerator.GetHexString(random.Next(8, 4000));
                events[part - 1] = new CrashBurstEvent(id, seq + part, part, count, body, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
            }

            seq = await journal.AppendAsync(id, seq, events);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {id} {seq} {count}"));
        }
    }
}
