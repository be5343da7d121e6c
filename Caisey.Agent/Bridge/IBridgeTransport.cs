namespace Caisey.Agent.Bridge;

/// <summary>
/// One connection to a node that carries bridge frames, whatever the wire (WebSocket or HTTP long-poll),
/// so that <see cref="BridgeSession"/> does not care which.
/// </summary>
/// <remarks>
/// Contract: <see cref="ConnectAsync"/> once, first; it throws <see cref="BridgeUnauthorizedException"/> when
/// the node rejects the credential. <see cref="SendAsync"/> takes one encoded frame; calls must not overlap
/// (the session serializes them). <see cref="ReceiveAsync"/> is enumerated once and yields each received
/// message's bytes (at most one byte past the frame limit, so the codec can reject it); it ends when the
/// node closes and throws when the connection breaks. <see cref="CloseAsync"/> never throws.
/// </remarks>
public interface IBridgeTransport : IAsyncDisposable
{
    /// <summary>What this transport is, for logs: kind and URL, never the credential.</summary>
    string Description { get; }

    ValueTask ConnectAsync(CancellationToken cancellationToken);

    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    IAsyncEnumerable<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken);

    ValueTask CloseAsync(CancellationToken cancellationToken);
}
