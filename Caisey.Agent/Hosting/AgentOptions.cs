using Caisey.Protocol.Configuration;

namespace Caisey.Agent.Hosting;

/// <summary>The agent's settings (<c>caisey.agent</c> in HOCON; defaults in <c>hocon/agent.conf</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>Directory for the credential, the command journal and transport state.</summary>
    public string DataDir { get; set; } = "./agent-data";

    /// <summary>Node URLs in order; empty means the URLs saved at enrollment.</summary>
    public IReadOnlyList<string> ServerUrls { get; set; } = [];

    /// <summary>How often the agent checks in; each wait is jittered by ±10%.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An open bridge with no work traffic and no running command for this long is closed.</summary>
    public TimeSpan BridgeIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the node holds one doorbell long-poll.</summary>
    public TimeSpan DoorbellWait { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Doorbell failures in a row after which the agent polls on the check-in interval.</summary>
    public int DoorbellFailuresBeforePolling { get; set; } = 3;

    /// <summary>Failed connects in a row after which the next transport is tried.</summary>
    public int TransportFailuresBeforeRotation { get; set; } = 2;

    /// <summary>How long the node holds one HTTP long-poll exchange.</summary>
    public TimeSpan LongPollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Connect plus hello/welcome must finish within this time.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Base of the exponential reconnect backoff: retry n waits up to base·2ⁿ (full jitter).</summary>
    [ConfigKey("reconnect.min")]
    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest reconnect backoff (the cap).</summary>
    [ConfigKey("reconnect.max")]
    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Credential rejections in a row after which the agent stops.</summary>
    [ConfigKey("reconnect.max-auth-failures")]
    public int MaxAuthFailures { get; set; } = 5;

    /// <summary>Most output kept per command (a run-command may ask for less).</summary>
    [ByteSize]
    public long OutputLimit { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Keep one shell (<c>sh</c>; <c>bash</c> once used) started ahead of the next command, so that a command does not
    /// wait for a process to start. Each command still runs in a fresh process. Ignored on Windows.
    /// </summary>
    public bool PrestartShell { get; set; } = true;

    /// <summary>Every problem with these options, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDir))
            errors.Add("caisey.agent.data-dir must not be empty.");
        foreach (var url in ServerUrls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                errors.Add($"caisey.agent.server-urls: '{url}' is not an http:// or https:// URL.");
        Positive(errors, CheckinInterval, "checkin-interval");
        Positive(errors, BridgeIdleTimeout, "bridge-idle-timeout");
        Positive(errors, DoorbellWait, "doorbell-wait");
        Positive(errors, LongPollWait, "long-poll-wait");
        Positive(errors, ConnectTimeout, "connect-timeout");
        Positive(errors, ReconnectMin, "reconnect.min");
        if (ReconnectMax < ReconnectMin)
            errors.Add("caisey.agent.reconnect.max must not be shorter than reconnect.min.");
        if (DoorbellFailuresBeforePolling < 1 || TransportFailuresBeforeRotation < 1 || MaxAuthFailures < 1)
            errors.Add("caisey.agent: doorbell-failures-before-polling, transport-failures-before-rotation and reconnect.max-auth-failures must be at least 1.");
        if (OutputLimit <= 0)
            errors.Add("caisey.agent.output-limit must be positive.");
        return errors;
    }

    private static void Positive(List<string> errors, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"caisey.agent.{key} must be positive.");
    }
}
