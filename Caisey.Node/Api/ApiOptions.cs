using Caisey.Protocol.Configuration;

namespace Caisey.Node.Api;

/// <summary><c>caisey.api</c>: fleet flags and the live event stream.</summary>
public sealed class ApiOptions
{
    /// <summary>An endpoint that has not checked in for this long is flagged <c>silent</c> (<c>caisey.api.silent-after</c>).</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often <c>/api/v1/events</c> sends a heartbeat comment (<c>caisey.api.events.heartbeat</c>).</summary>
    [ConfigKey("events.heartbeat")]
    public TimeSpan EventsHeartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Events buffered per subscriber; when full the oldest is dropped (<c>caisey.api.events.buffer</c>).</summary>
    [ConfigKey("events.buffer")]
    public int EventsBuffer { get; set; } = 1024;

    /// <summary>Every problem with these options, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SilentAfter <= TimeSpan.Zero)
            errors.Add("caisey.api.silent-after must be positive.");
        if (EventsHeartbeat <= TimeSpan.Zero)
            errors.Add("caisey.api.events.heartbeat must be positive.");
        if (EventsBuffer < 1)
            errors.Add("caisey.api.events.buffer must be at least 1.");
        return errors;
    }
}
