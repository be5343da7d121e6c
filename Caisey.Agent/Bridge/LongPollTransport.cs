using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

/// <summary>
/// The bridge over plain HTTP (<c>POST /agent/v1/exchange</c>), the last resort where WebSockets are cut.
/// One request is always held open by the node for frames to the agent (up to the long-poll wait); each
/// frame the agent sends goes in its own request with <c>waitMs=0</c>, and frames in any answer are received.
/// </summary>
public sealed class LongPollTransport(HttpClient http, Uri serverUrl, string credential, TimeSpan wait, int maxFrameBytes = BridgeProtocol.DefaultMaxFrameBytes)
    : IBridgeTransport
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(15);
    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly Channel<ReadOnlyMemory<byte>> _inbound = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _poll = Task.CompletedTask;

    public string Description => $"long-poll {BridgeEndpoints.Exchange(serverUrl, wait)}";

    /// <summary>One empty exchange that answers at once: proves the endpoint and credential, then starts the held poll.</summary>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        await ExchangeAsync(null, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        _poll = PollAsync(_stop.Token);
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        new(ExchangeAsync(frame, TimeSpan.Zero, cancellationToken));

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var frame in _inbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return frame;
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _poll.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
                await ExchangeAsync(null, wait, cancellationToken).ConfigureAwait(false);
            _inbound.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _inbound.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _inbound.Writer.TryComplete(e);
        }
    }

    private async Task ExchangeAsync(ReadOnlyMemory<byte>? frame, TimeSpan holdFor, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(holdFor + Slack);
        using var request = new HttpRequestMessage(HttpMethod.Post, BridgeEndpoints.Exchange(serverUrl, holdFor)) { Content = Body(frame) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new BridgeUnauthorizedException($"The node at {serverUrl} rejected this agent's credential (HTTP 401 on the exchange).");
        if (response.StatusCode is HttpStatusCode.ServiceUnavailable
            && response.Headers.TryGetValues(BridgeProtocol.RetryAfterMsHeader, out var retry) && int.TryParse(retry.FirstOrDefault(), out var ms))
            throw new BridgeShardMovingException(serverUrl, TimeSpan.FromMilliseconds(ms));
        if (response.StatusCode is HttpStatusCode.MisdirectedRequest
            && response.Headers.TryGetValues(BridgeProtocol.OwnerUrlHeader, out var owners)
            && BridgeRedirectException.ServerFrom(serverUrl, owners.FirstOrDefault()) is { } owner)
            throw new BridgeRedirectException(owner);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"The exchange at {serverUrl} answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
        using var document = JsonDocument.Parse(bytes);
        if (!document.RootElement.TryGetProperty("frames", out var frames) || frames.ValueKind != JsonValueKind.Array)
            throw new HttpRequestException($"The exchange at {serverUrl} answered without a 'frames' array.");
        foreach (var element in frames.EnumerateArray())
        {
            var raw = Encoding.UTF8.GetBytes(element.GetRawText());
            _inbound.Writer.TryWrite(raw.Length > maxFrameBytes + 1 ? raw.AsMemory(0, maxFrameBytes + 1) : raw);
        }
    }

    private ByteArrayContent Body(ReadOnlyMemory<byte>? frame)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", _sessionId);
            writer.WriteStartArray("frames");
            if (frame is { } f)
                writer.WriteRawValue(f.Span, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
