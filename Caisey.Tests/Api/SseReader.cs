using System.Text;

namespace Caisey.Tests.Api;

/// <summary>Reads server-sent events from a response stream: comments are skipped, events come as (name, data).</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>Reads up to and including the comment line <paramref name="comment"/> (e.g. "connected").</summary>
    public async Task WaitForCommentAsync(string comment)
    {
        while (await _reader.ReadLineAsync() is { } line)
            if (line == ": " + comment)
                return;
        throw new EndOfStreamException($"The event stream ended before ': {comment}'.");
    }

    /// <summary>The next event, skipping comments and heartbeats.</summary>
    public async Task<(string Name, string Data)> NextEventAsync()
    {
        string? name = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                    return (name, data.ToString());
                continue;
            }
            if (line.StartsWith(':'))
                continue;
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Append(line["data: ".Length..]);
        }
        throw new EndOfStreamException("The event stream ended.");
    }

    /// <summary>The next event named <paramref name="name"/>, skipping others.</summary>
    public async Task<string> NextAsync(string name)
    {
        while (true)
        {
            var next = await NextEventAsync();
            if (next.Name == name)
                return next.Data;
        }
    }

    public void Dispose() => _reader.Dispose();
}
