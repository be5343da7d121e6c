using System.Text.Json;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

public sealed partial class LongPollBridge
{
    private sealed record ExchangeBody(string? SessionId, IReadOnlyList<byte[]> Frames, IResult? Problem);

    /// <summary>Every frame queued for the agent, waiting up to <paramref name="wait"/> for the first; the JSON answer.</summary>
    private async Task<byte[]> TakeFramesAsync(LongPollSession entry, TimeSpan wait, CancellationToken aborted)
    {
        var outbound = entry.Session.Outbound;
        if (wait > TimeSpan.Zero)
        {
            using var hold = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), hold, wait, Timeout.InfiniteTimeSpan);
            await outbound.WaitAsync(hold.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("frames");
            while (outbound.TryRead(out var frame))
            {
                try
                {
                    writer.WriteRawValue(_codec.Encode(frame), skipInputValidation: true);
                }
                catch (FrameException e)
                {
                    LogUnsendable(_logger, entry.Session.EndpointId, frame.GetType().Name, e.Message);
                }
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        if (outbound.IsFinished)
            End(entry.Session.Id, entry);
        return buffer.ToArray();
    }

    /// <summary>Reads <c>{"sessionId","frames":[...]}</c>, bounded by the frame limit per frame and 16 frames' worth in all.</summary>
    private async Task<ExchangeBody> ReadBodyAsync(HttpContext http)
    {
        var limit = (long)_options.MaxFrameBytes * 16;
        if (http.Request.ContentLength > limit)
            return Bad(StatusCodes.Status413PayloadTooLarge, $"An exchange body may be at most {limit} bytes.");
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > limit)
                return Bad(StatusCodes.Status413PayloadTooLarge, $"An exchange body may be at most {limit} bytes.");
            body.Write(chunk, 0, read);
        }
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sessionId", out var id) || id.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(id.GetString()))
                return Bad(StatusCodes.Status400BadRequest, "Send {\"sessionId\": \"...\", \"frames\": [...]}.");
            var frames = new List<byte[]>();
            if (root.TryGetProperty("frames", out var array) && array.ValueKind == JsonValueKind.Array)
                frames.AddRange(array.EnumerateArray().Select(f => System.Text.Encoding.UTF8.GetBytes(f.GetRawText())));
            return new ExchangeBody(id.GetString(), frames, null);
        }
        catch (JsonException e)
        {
            return Bad(StatusCodes.Status400BadRequest, $"The exchange body is not JSON: {e.Message}");
        }
    }

    private static ExchangeBody Bad(int status, string detail) => new(null, [], TypedResults.Problem(detail: detail, statusCode: status));
}
