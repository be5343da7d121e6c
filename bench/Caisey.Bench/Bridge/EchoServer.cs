using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Caisey.Bench.Bridge;

/// <summary>
/// The baseline: a bare Kestrel WebSocket server (slim builder, <c>UseWebSockets</c>, one 4 KiB receive buffer per
/// connection as in the ASP.NET Core sample) that echoes every message. Idle connections simply wait in ReceiveAsync.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    public const int BufferBytes = 4 * 1024;

    private EchoServer(WebApplication app)
    {
        App = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        WebSocketUri = new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/ws");
    }

    public WebApplication App { get; }

    public Uri WebSocketUri { get; }

    public static async Task<EchoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/ws", async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
                return Results.BadRequest();
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await EchoAsync(socket);
            return Results.Empty;
        });
        await app.StartAsync();
        return new EchoServer(app);
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
