using System.Net.WebSockets;

namespace Caisey.Bench.Bridge;

/// <summary>A growable receive buffer that reads one whole WebSocket message at a time (the bench's agents and servers).</summary>
internal sealed class WholeMessage(int initialBytes)
{
    private byte[] _buffer = new byte[initialBytes];

    /// <summary>The next message's bytes, or null when the peer sent a close instead.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync(WebSocket socket)
    {
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            if (count == _buffer.Length)
                Array.Resize(ref _buffer, _buffer.Length * 2);
            result = await socket.ReceiveAsync(_buffer.AsMemory(count), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
                return null;
            count += result.Count;
        }
        while (!result.EndOfMessage);
        return _buffer.AsMemory(0, count);
    }
}
