using System.Globalization;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Caisey.Node.Journal;

public sealed partial class PostgresEventJournal
{
    /// <summary>
    /// Events of every id after <paramref name="after"/>, at most <paramref name="max"/>, in <see cref="JournalPosition"/>
    /// order, for read models that follow the journal shared by several nodes.
    /// </summary>
    /// <remarks>
    /// Gap-safe: <c>ordering</c> is taken when a row is inserted, so a lower ordering can commit after a higher one has been
    /// read. Only events of transactions older than every transaction still running are returned
    /// (<c>tx_id &lt; pg_snapshot_xmin(pg_current_snapshot())</c>); those can no longer change, and a later transaction
    /// always sorts after them. An event therefore becomes visible here once every older write transaction has ended; transaction
    /// ids are server-wide, so a long transaction in any database of the server delays (never loses) events.
    /// </remarks>
    public async IAsyncEnumerable<CommittedJournalEntry> ReadCommittedAsync(JournalPosition after, int max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
            yield break;
        await using var command = _dataSource.CreateCommand(PostgresQueries.ReadCommitted);
        command.Parameters.Add(new NpgsqlParameter<string>("tx", after.TransactionId.ToString(CultureInfo.InvariantCulture)));
        command.Parameters.Add(new NpgsqlParameter<long>("ordering", after.Ordering));
        command.Parameters.Add(new NpgsqlParameter<int>("max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var position = new JournalPosition(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1));
            var value = JournalSerialization.Deserialize(_serializer, reader.GetString(4), reader.GetFieldValue<byte[]>(5));
            var entry = new JournalEntry(reader.GetString(2), reader.GetInt64(3), value, reader.GetFieldValue<DateTimeOffset>(6));
            yield return new CommittedJournalEntry(position, entry);
        }
    }
}
