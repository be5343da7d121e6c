using System.Text;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Commands;

/// <summary>
/// Reads a process's stdout and stderr into numbered chunks for one sink, counting bytes against the
/// output limit. Chunks from both streams are numbered and delivered one at a time, in order.
/// </summary>
internal sealed class OutputCapture(string commandId, long limitBytes, int bufferBytes, ICommandSink sink) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _limitReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextSeq;
    private long _capturedBytes;
    private long _seenBytes;

    /// <summary>Completes when the output first passes the limit.</summary>
    public Task LimitReached => _limitReached.Task;

    public bool LimitExceeded => _limitReached.Task.IsCompleted;

    /// <summary>Bytes read from both streams, including those past the limit.</summary>
    public long SeenBytes => Interlocked.Read(ref _seenBytes);

    public string CommandId => commandId;

    /// <summary>Reads <paramref name="stream"/> to its end, delivering chunks as they are read.</summary>
    public async Task PumpAsync(Stream stream, OutputStream which, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(false, false).GetDecoder();
        var buffer = new byte[bufferBytes];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            await AcceptAsync(which, decoder, buffer.AsMemory(0, read), flush: false, cancellationToken).ConfigureAwait(false);
        await AcceptAsync(which, decoder, ReadOnlyMemory<byte>.Empty, flush: true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask AcceptAsync(OutputStream which, Decoder decoder, ReadOnlyMemory<byte> bytes, bool flush, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Add(ref _seenBytes, bytes.Length);
            if (LimitExceeded)
                return;
            var allowed = (int)Math.Min(bytes.Length, limitBytes - _capturedBytes);
            _capturedBytes += allowed;
            var text = Decode(decoder, bytes.Span[..allowed], flush);
            if (text.Length > 0)
                await sink.OutputAsync(new CommandOutput(_nextSeq++, which, text), cancellationToken).ConfigureAwait(false);
            if (allowed < bytes.Length)
                _limitReached.TrySetResult();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Decode(Decoder decoder, ReadOnlySpan<byte> bytes, bool flush)
    {
        var chars = new char[decoder.GetCharCount(bytes, flush)];
        var count = decoder.GetChars(bytes, chars, flush);
        return new string(chars, 0, count);
    }

    public void Dispose() => _gate.Dispose();
}
