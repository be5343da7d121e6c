using Caisey.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Caisey.Node.Journal;

public sealed partial class SqliteEventJournal
{
    /// <summary>Opens (creating when missing) and migrates the journal file, then starts the writer.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="JournalSchemaException">The file was written by a newer schema version.</exception>
    public static SqliteEventJournal Open(SqliteJournalOptions options, IEventSerializer serializer, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException($"Invalid {nameof(SqliteJournalOptions)}: {string.Join(" ", errors)}", nameof(options));

        var path = Path.GetFullPath(options.FilePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(int)options.Synchronous}; PRAGMA cache_size = {-1024L * options.CacheSizeMiB}; PRAGMA busy_timeout = 5000;";
                pragmas.ExecuteNonQuery();
            }

            SqliteSchema.Migrate(connection, path);
            var writer = new SqliteWriter(connection, options.MaxBatchSize, options.Linger, timeProvider ?? TimeProvider.System);
            return new SqliteEventJournal(writer, new IdlePool<SqliteReadConnection>(() => SqliteReadConnection.Open(connectionString), options.MaxIdleReadConnections), serializer);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
