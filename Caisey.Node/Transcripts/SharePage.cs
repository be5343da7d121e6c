using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Caisey.Node.Reachability;

namespace Caisey.Node.Transcripts;

/// <summary>The public transcript page: one self-contained HTML document (inline style, no script); every text is HTML-encoded.</summary>
public static class SharePage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2330}
        section{border:1px solid #d5d9e0;border-radius:6px;padding:1rem;margin:1rem 0}
        pre{background:#f4f5f7;padding:.75rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
        table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #eceef2}
        .muted{color:#5b6475}.status{font-weight:600}
        """;

    public static string Render(SharedTranscript t)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex, nofollow\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Transcript: ").Append(E(t.Hostname ?? "endpoint"))
            .Append("</title><style>").Append(Style).Append("</style></head><body><h1>Session transcript: ").Append(E(t.Hostname ?? "endpoint")).Append("</h1>")
            .Append("<p class=\"muted\">Commands submitted ").Append(t.From is { } f ? "from " + Time(f) : "from the start")
            .Append(t.To is { } to ? " to " + Time(to) : " onwards").Append(". Published ").Append(Time(t.PublishedAt))
            .Append("; this link expires ").Append(Time(t.ExpiresAt)).Append(". Read-only; redacted parts show as [redacted].</p>");
        if (t.Commands.Count == 0)
            html.Append("<p>No commands in this window.</p>");
        foreach (var c in t.Commands)
            Command(html, c);
        return html.Append("</body></html>").ToString();
    }

    private static void Command(StringBuilder html, TranscriptCommand c)
    {
        html.Append("<section><h2><span class=\"status\">").Append(E(Name(c.Status))).Append("</span> ")
            .Append(E(c.Shell ?? "")).Append("</h2><pre>").Append(E(c.Script ?? "")).Append("</pre><p>Submitted by ").Append(E(c.SubmittedBy))
            .Append(" at ").Append(Time(c.SubmittedAt));
        if (c.FinishedAt is { } finished)
            html.Append("; finished at ").Append(Time(finished));
        if (c.ExitCode is { } exit)
            html.Append("; exit code ").Append(exit.ToString(CultureInfo.InvariantCulture));
        if (c.FailureReason is { } reason)
            html.Append("; reason ").Append(E(Name(reason)));
        html.Append(".</p><p>Endpoint at submit: ").Append(Reach(c.ReachabilityAtSubmit)).Append("</p>");
        if (c.Attempts.Count > 0)
        {
            html.Append("<table><tr><th>attempt</th><th>dispatched at</th><th>transport</th><th>endpoint was</th></tr>");
            foreach (var a in c.Attempts)
                html.Append("<tr><td>").Append(a.Attempt?.ToString(CultureInfo.InvariantCulture) ?? "").Append("</td><td>").Append(Time(a.At))
                    .Append("</td><td>").Append(E(a.Transport ?? "")).Append("</td><td>").Append(Reach(a.Reachability)).Append("</td></tr>");
            html.Append("</table>");
        }
        html.Append("<table><tr><th>step</th><th>at</th><th>detail</th></tr>");
        foreach (var s in c.Timeline)
            html.Append("<tr><td>").Append(E(Name(s.Status))).Append("</td><td>").Append(Time(s.At)).Append("</td><td>").Append(E(s.Detail ?? "")).Append("</td></tr>");
        html.Append("</table><h3>Output</h3><pre>").Append(E(c.Output)).Append("</pre></section>");
    }

    private static string Reach(ReachabilityView? r) => r is null
        ? "unknown (not recorded)"
        : E(r.State) + (r.LastRttMs is { } rtt ? $", round trip {rtt.ToString("0", CultureInfo.InvariantCulture)} ms" : "")
          + (r.LastContactAt is { } contact ? ", last contact " + Time(contact) : "")
          + (r.Attempt is { } attempt ? $", attempt {attempt}" : "");

    private static string Time(DateTimeOffset at) => E(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));

    private static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonSerializer.Serialize(value, SharedTranscript.Json).Trim('"');

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
