using Caisey.Agent.Commands;
using Caisey.Protocol.Frames;
using Microsoft.Data.Sqlite;

namespace Caisey.Tests.Agent;

public sealed class AgentCommandJournalTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private AgentCommandJournal _journal = null!;

    public async Task InitializeAsync() => _journal = await AgentCommandJournal.OpenAsync(_dir.Path, TimeProvider.System);

    [Fact]
    public async Task Open_CreatesAWalJournalInTheDataDirectory()
    {
        await using var connection = new SqliteConnection($"Data Source={_dir.File(AgentCommandJournal.FileName)};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task TryStart_AnIdAlreadyKnown_ReturnsFalse()
    {
        Assert.True(await _journal.TryStartAsync("cmd-1"));
        Assert.False(await _journal.TryStartAsync("cmd-1"));
    }

    [Fact]
    public async Task Find_StartedButUnfinished_HasNoResult()
    {
        await _journal.TryStartAsync("cmd-1");

        var found = await _journal.FindAsync("cmd-1");

        Assert.NotNull(found);
        Assert.False(found.IsFinished);
        Assert.Null(await _journal.FindAsync("cmd-unknown"));
    }

    [Fact]
    public async Task Finish_StoresResultAndOutput_ThatSurviveReopening()
    {
        var result = CommandResult.Completed("cmd-1", 2, 9, truncated: false, durationMs: 42);
        CommandOutput[] output = [new(0, OutputStream.Stdout, "héllo\n"), new(1, OutputStream.Stderr, "err\n")];
        await _journal.TryStartAsync("cmd-1");
        await _journal.FinishAsync(result, output);

        await _journal.DisposeAsync();
        await InitializeAsync();
        var found = await _journal.FindAsync("cmd-1");

        Assert.Equal(result, found?.Result);
        Assert.Equal(output, await _journal.ReadOutputAsync("cmd-1"));
    }

    [Fact]
    public async Task Finish_ACommandNeverStarted_Throws()
    {
        var result = CommandResult.Completed("cmd-1", 0, 0, false, 1);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _journal.FinishAsync(result, []).AsTask());
        Assert.Contains("cmd-1", e.Message);
    }

    [Fact]
    public async Task Finish_TheSameCommandTwice_ThrowsAndKeepsTheFirstResult()
    {
        var first = CommandResult.Completed("cmd-1", 0, 0, false, 1);
        await _journal.TryStartAsync("cmd-1");
        await _journal.FinishAsync(first, []);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _journal.FinishAsync(CommandResult.Completed("cmd-1", 7, 0, false, 1), []).AsTask());
        Assert.Equal(first, (await _journal.FindAsync("cmd-1"))?.Result);
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        _dir.Dispose();
    }
}
