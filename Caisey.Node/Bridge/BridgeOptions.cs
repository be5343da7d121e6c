using Caisey.Protocol.Configuration;
using Caisey.Protocol.Frames;

namespace Caisey.Node.Bridge;

/// <summary><c>caisey.bridge</c>: the agent bridge (WebSocket and HTTP long-poll), dispatch retries and reachability.</summary>
public sealed class BridgeOptions
{
    /// <summary>Largest frame, in encoded bytes, in either direction; a larger one closes the bridge (MessageTooBig).</summary>
    [ByteSize]
    public int MaxFrameBytes { get; set; } = BridgeProtocol.DefaultMaxFrameBytes;

    /// <summary>How long a new bridge may take to send <c>hello</c> before it is closed.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Told to the agent in <c>welcome</c>: it closes a bridge that carried no work for this long.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the node pings an open bridge to prove the round trip.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An open bridge is <c>reachable</c> only while its last pong or ack is this recent.</summary>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An open bridge with no pong or ack for this long is closed (AckTimeout); the agent reconnects.</summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the node waits for the agent's ack of a <c>run-command</c> before it schedules a retry.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Base of the exponential retry delay after an unacknowledged dispatch (full jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Dispatch attempts per bridge before the node gives up on it and closes it (the agent reconnects).</summary>
    public int RetryMaxAttempts { get; set; } = 10;

    /// <summary>Sent in <c>run-command</c> when the command has no timeoutSeconds.</summary>
    public TimeSpan DefaultCommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Sent in <c>run-command</c>: the most output the agent captures before failing the command (output-limit).</summary>
    [ByteSize]
    public long OutputLimitBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Longest doorbell wait an agent may ask for (<c>waitSeconds</c> is clamped to it).</summary>
    public TimeSpan DoorbellMaxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest long-poll hold an agent may ask for (<c>waitMs</c> is clamped to it).</summary>
    public TimeSpan ExchangeMaxWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with these options, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxFrameBytes < 1024)
            errors.Add($"caisey.bridge.max-frame-bytes must be at least 1KiB, but is {MaxFrameBytes}.");
        foreach (var (name, value) in new[]
                 {
                     ("hello-timeout", HelloTimeout), ("idle-timeout", IdleTimeout), ("ping-interval", PingInterval),
                     ("fresh-for", FreshFor), ("dead-after", DeadAfter), ("ack-timeout", AckTimeout),
                     ("retry-base-delay", RetryBaseDelay), ("retry-max-delay", RetryMaxDelay),
                     ("default-command-timeout", DefaultCommandTimeout), ("doorbell-max-wait", DoorbellMaxWait),
                     ("exchange-max-wait", ExchangeMaxWait),
                 })
            if (value <= TimeSpan.Zero)
                errors.Add($"caisey.bridge.{name} must be positive, but is {value}.");
        if (RetryMaxDelay < RetryBaseDelay)
            errors.Add("caisey.bridge.retry-max-delay must not be shorter than retry-base-delay.");
        if (PingInterval >= FreshFor)
            errors.Add("caisey.bridge.ping-interval must be shorter than fresh-for, or an idle bridge could never stay reachable.");
        if (DeadAfter < FreshFor)
            errors.Add("caisey.bridge.dead-after must not be shorter than fresh-for.");
        if (RetryMaxAttempts < 1)
            errors.Add("caisey.bridge.retry-max-attempts must be at least 1.");
        if (OutputLimitBytes <= 0)
            errors.Add("caisey.bridge.output-limit-bytes must be positive.");
        return errors;
    }
}
