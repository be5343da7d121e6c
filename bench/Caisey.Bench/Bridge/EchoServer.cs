using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Caisey.Bench.Bridge;

/// <summary>
/// The baseline: a bare Kestrel WebSocket server (slim builder, <c>UseWebSockets</c>, one 4 KiB receive buffer per
/// connection as in the ASP.NET Core sample) that echoes every message. Idle connections simply wait in ReceiveAsync.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    public const int BufferBytes = 4 * 1024;

    private EchoServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        WebSocketUri = new Uri(baseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal) + "ws");
    }

    public WebApplication App { get; }

    public Uri WebSocketUri { get; }

    public static async Task<EchoServer> StartAsync()
    {
        var (app, baseAddress) = await LoopbackKestrel.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/ws", async (HttpContext http) =>
            {
                if (!http.WebSockets.IsWebSocketRequest)
                    return Results.BadRequest();
                using var socket = await http.WebSockets.AcceptWebSocketAsync();
                await EchoAsync(socket);
                return Results.Empty;
            });
        });
        return new EchoServer(app, baseAddress);
    }

    private static async Task EchoAsync(WebSocket socket)
    {
        var buffer = new byte[BufferBytes];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
