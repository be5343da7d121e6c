using System.Net;
using System.Net.Sockets;

namespace Caisey.Tests.Support;

public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (for a process that must be told its port).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
