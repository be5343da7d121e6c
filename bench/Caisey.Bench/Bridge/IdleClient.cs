using System.Net.WebSockets;

namespace Caisey.Bench.Bridge;

/// <summary>A plain idle WebSocket client for the bare-server baseline: connected, one receive pending, sends nothing.</summary>
internal sealed class IdleClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private Task? _receive;

    public async Task ConnectAsync(Uri uri, HttpMessageInvoker invoker, CancellationToken ct)
    {
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(uri, invoker, ct);
        _receive = _socket.ReceiveAsync(new byte[64].AsMemory(), CancellationToken.None).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_receive is not null)
            await _receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
    }
}
