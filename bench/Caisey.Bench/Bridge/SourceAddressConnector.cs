using System.Net;
using System.Net.Sockets;

namespace Caisey.Bench.Bridge;

/// <summary>
/// HTTP message invokers whose connections leave from 127.0.0.2, 127.0.0.3, ...: one source address runs out of
/// ephemeral ports near 28k connections. <c>ClientWebSocket</c> cannot bind a local address, so its upgrade goes
/// through <c>ConnectAsync(uri, invoker, ct)</c> with a <see cref="SocketsHttpHandler"/> whose connect callback binds.
/// </summary>
internal sealed class SourceAddressConnector : IDisposable
{
    private readonly HttpMessageInvoker[] _invokers;

    public SourceAddressConnector(int addresses)
    {
        _invokers = new HttpMessageInvoker[Math.Max(1, addresses)];
        for (var i = 0; i < _invokers.Length; i++)
        {
            var local = new IPAddress([127, 0, 0, (byte)(2 + i)]);
            _invokers[i] = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = (context, ct) => ConnectAsync(local, context.DnsEndPoint, ct),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            });
        }
    }

    public int Count => _invokers.Length;

    /// <summary>The invoker for connection number <paramref name="index"/> (round robin over the source addresses).</summary>
    public HttpMessageInvoker For(int index) => _invokers[index % _invokers.Length];

    public static async ValueTask<Stream> ConnectAsync(IPAddress local, DnsEndPoint remote, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Let connect() pick the port per (source, destination) pair rather than bind() per source address.
            if (OperatingSystem.IsLinux())
                socket.SetRawSocketOption(IpProtocolLevel, IpBindAddressNoPort, BitConverter.GetBytes(1));
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(IPAddress.Parse(remote.Host), remote.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private const int IpProtocolLevel = 0; // IPPROTO_IP

    private const int IpBindAddressNoPort = 24; // IP_BIND_ADDRESS_NO_PORT (Linux)

    public void Dispose()
    {
        foreach (var invoker in _invokers)
            invoker.Dispose();
    }
}
