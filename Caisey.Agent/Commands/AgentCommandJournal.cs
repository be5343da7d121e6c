using System.Globalization;
using Caisey.Protocol.Frames;
using Microsoft.Data.Sqlite;

namespace Caisey.Agent.Commands;

/// <summary>
/// The agent's own durable record of command ids, in one SQLite file (WAL, <c>synchronous=FULL</c>) in
/// its data directory; the ground of "exactly once on the machine".
/// </summary>
/// <remarks>
/// Contract: <see cref="TryStartAsync"/> returns only after the start is durable, so a process is
/// never started for an id the journal could forget; <see cref="FinishAsync"/> writes the result and
/// the captured output in one durable transaction, once per id. Calls are serialized; the instance
/// may be shared.
/// </remarks>
public sealed partial class AgentCommandJournal : IAsyncDisposable
{
    /// <summary>The journal's file name inside the data directory.</summary>
    public const string FileName = "commands.db";

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private AgentCommandJournal(SqliteConnection connection, TimeProvider timeProvider)
    {
        _connection = connection;
        _timeProvider = timeProvider;
    }

    /// <summary>Opens (creating when missing) the journal in <paramref name="dataDirectory"/>.</summary>
    public static async ValueTask<AgentCommandJournal> OpenAsync(string dataDirectory, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(dataDirectory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, FileName),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, Pragmas + Schema, cancellationToken).ConfigureAwait(false);
            return new AgentCommandJournal(connection, timeProvider);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Durably records that <paramref name="commandId"/> is about to run; false when the id is already known.</summary>
    public async ValueTask<bool> TryStartAsync(string commandId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(InsertStarted, ("$id", commandId), ("$at", Now()));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Durably records the result and captured output of a started, unfinished command.</summary>
    /// <exception cref="InvalidOperationException">The command was never started or already has a result.</exception>
    public async ValueTask FinishAsync(CommandResult result, IReadOnlyList<CommandOutput> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var update = Command(UpdateFinished,
                ("$id", result.CommandId), ("$at", Now()), ("$exitCode", result.ExitCode), ("$reason", result.FailureReason),
                ("$detail", result.Detail), ("$outputBytes", result.OutputBytes), ("$truncated", result.Truncated),
                ("$durationMs", result.DurationMs)))
            {
                update.Transaction = transaction;
                if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                    throw new InvalidOperationException($"Command '{result.CommandId}' is not started or already has a result in the journal.");
            }
            foreach (var chunk in output)
            {
                await using var insert = Command(InsertOutput,
                    ("$id", result.CommandId), ("$seq", chunk.Seq), ("$stream", (int)chunk.Stream), ("$data", chunk.Data));
                insert.Transaction = transaction;
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What the journal knows about <paramref name="commandId"/>, or null when it never saw it.</summary>
    public async ValueTask<JournaledCommand?> FindAsync(string commandId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(SelectCommand, ("$id", commandId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            var startedAt = DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
            if (reader.IsDBNull(1))
                return new JournaledCommand(commandId, startedAt, null, null);
            var result = new CommandResult(
                commandId,
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt64(5),
                reader.GetBoolean(6),
                reader.GetInt64(7));
            return new JournaledCommand(commandId, startedAt, DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), result);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The output captured for a finished command, in order.</summary>
    public async ValueTask<IReadOnlyList<CommandOutput>> ReadOutputAsync(string commandId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(SelectOutput, ("$id", commandId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var output = new List<CommandOutput>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                output.Add(new CommandOutput(reader.GetInt64(0), (OutputStream)reader.GetInt32(1), reader.GetString(2)));
            return output;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
