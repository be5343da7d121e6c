using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Caisey.Bench.Bridge;

/// <summary>
/// Follows <c>GET /api/v1/events</c> (server-sent events) and completes a waiter when a <c>command.changed</c> event says
/// the command is <c>succeeded</c> (or any other terminal status). The completion carries the stopwatch timestamp at
/// which the event was read. A command may finish before its submitter learned its id: either side creates the entry.
/// </summary>
internal sealed class CommandWatcher : IAsyncDisposable
{
    private static readonly string[] Terminal = ["succeeded", "failed", "cancelled", "expired"];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(long At, DateTimeOffset WallAt, string Status)>> _waiters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<(long At, string Data)>> _output = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _followOutput;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    private CommandWatcher(bool followOutput) => _followOutput = followOutput;

    public long Dropped { get; private set; }

    public static async Task<CommandWatcher> StartAsync(NodeClient client, bool followOutput = false)
    {
        var watcher = new CommandWatcher(followOutput);
        watcher._loop = Task.Run(() => watcher.ReadAsync(client), CancellationToken.None);
        await watcher._connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return watcher;
    }

    /// <summary>Completes with (stopwatch timestamp, status) once the command is terminal.</summary>
    /// <summary>When the stream showed the command terminal: a Stopwatch timestamp and the wall-clock time (to set beside the
    /// node's timeline), and the status.</summary>
    public Task<(long At, DateTimeOffset WallAt, string Status)> WhenTerminal(string commandId) => Entry(commandId).Task;

    /// <summary>Completes with (stopwatch timestamp, data) at the command's first output chunk (<c>followOutput</c> only).</summary>
    public Task<(long At, string Data)> WhenOutput(string commandId) => OutputEntry(commandId).Task;

    public void Forget(string commandId)
    {
        _waiters.TryRemove(commandId, out _);
        _output.TryRemove(commandId, out _);
    }

    private TaskCompletionSource<(long, DateTimeOffset, string)> Entry(string commandId) =>
        _waiters.GetOrAdd(commandId, static _ => new TaskCompletionSource<(long, DateTimeOffset, string)>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<(long At, string Data)> OutputEntry(string commandId) =>
        _output.GetOrAdd(commandId, static _ => new TaskCompletionSource<(long At, string Data)>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task ReadAsync(NodeClient client)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
            using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            string? name = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith(": connected", StringComparison.Ordinal))
                    _connected.TrySetResult();
                else if (line.StartsWith(": dropped ", StringComparison.Ordinal))
                    Dropped += long.Parse(line.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "command.changed")
                    OnCommandChanged(line.AsSpan(6));
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "command.output" && _followOutput)
                    OnOutput(line.AsSpan(6));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped.
        }
        catch (Exception e)
        {
            _connected.TrySetException(e);
            throw;
        }
    }

    private void OnCommandChanged(ReadOnlySpan<char> json)
    {
        var at = Stopwatch.GetTimestamp();
        var wallAt = DateTimeOffset.UtcNow;
        // The view's top-level "id" and "status" come first: read tokens until both are seen, not the whole view.
        var bytes = System.Text.Encoding.UTF8.GetBytes(json.ToArray());
        var reader = new Utf8JsonReader(bytes);
        string? id = null, status = null;
        while ((id is null || status is null) && reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                continue;
            var isId = reader.ValueTextEquals("id"u8);
            var isStatus = reader.ValueTextEquals("status"u8);
            reader.Read();
            if (isId)
                id = reader.GetString();
            else if (isStatus)
                status = reader.GetString();
            else
                reader.Skip(); // a nested object or array (the timeline) in one go
        }
        if (id is null || status is null)
            throw new InvalidDataException($"a command.changed event without an id or status: {json}");
        if (Array.IndexOf(Terminal, status) >= 0)
            Entry(id).TrySetResult((at, wallAt, status));
    }

    private void OnOutput(ReadOnlySpan<char> json)
    {
        var at = Stopwatch.GetTimestamp();
        using var document = JsonDocument.Parse(json.ToString());
        var root = document.RootElement;
        OutputEntry(root.GetProperty("commandId").GetString()!).TrySetResult((at, root.GetProperty("data").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
