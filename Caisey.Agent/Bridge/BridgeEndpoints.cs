using System.Globalization;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

/// <summary>The node's agent-facing URLs, relative to a server URL (which may carry a path base).</summary>
public static class BridgeEndpoints
{
    public static Uri Enroll(Uri server) => Combine(server, "/agent/v1/enroll");

    /// <summary>The WebSocket bridge: <c>ws://</c> for <c>http://</c>, <c>wss://</c> for <c>https://</c>.</summary>
    public static Uri Bridge(Uri server)
    {
        var builder = new UriBuilder(Combine(server, BridgeProtocol.Path));
        builder.Scheme = builder.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs;
        return builder.Uri;
    }

    public static Uri Doorbell(Uri server, TimeSpan wait) =>
        Combine(server, "/agent/v1/doorbell?waitSeconds=" + ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    public static Uri Exchange(Uri server, TimeSpan wait) =>
        Combine(server, "/agent/v1/exchange?waitMs=" + ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));

    private static Uri Combine(Uri server, string pathAndQuery) =>
        new(server.GetLeftPart(UriPartial.Path).TrimEnd('/') + pathAndQuery, UriKind.Absolute);
}
