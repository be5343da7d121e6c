namespace Caisey.Agent.Bridge;

/// <summary>One entry of the transport rotation: a way (<see cref="Kind"/>) to reach one node URL.</summary>
public sealed record TransportCandidate(TransportKind Kind, Uri ServerUrl)
{
    /// <summary>A stable name, saved in <c>transport.json</c>: <c>websocket http://node:5080/</c>.</summary>
    public string Name => $"{(Kind == TransportKind.WebSocket ? "websocket" : "long-poll")} {ServerUrl}";

    /// <summary>
    /// The rotation order for <paramref name="serverUrls"/>: every URL as a WebSocket, in order, then
    /// every URL as an HTTP long-poll exchange.
    /// </summary>
    public static IReadOnlyList<TransportCandidate> ListFor(IEnumerable<string> serverUrls)
    {
        var urls = serverUrls.Select(u => new Uri(u, UriKind.Absolute)).Distinct().ToList();
        return [.. urls.Select(u => new TransportCandidate(TransportKind.WebSocket, u)),
                .. urls.Select(u => new TransportCandidate(TransportKind.LongPoll, u))];
    }
}
