using System.Diagnostics;
using Caisey.Node.Enrollment;
using Caisey.Node.Hosting;

namespace Caisey.Node.ReadModels;

/// <summary>Rebuilds the <see cref="FleetReadModel"/> from the journal on start; registered after <see cref="NodeRuntime"/>.</summary>
public sealed partial class FleetReadModelStartup(
    FleetReadModel fleet, NodeRuntime runtime, EndpointCredentialStore endpoints, ILogger<FleetReadModelStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var ids = endpoints.All().Select(r => r.EndpointId).ToList();
        var (endpointCount, commandCount) = await fleet.RebuildAsync(ids, runtime.Journal, cancellationToken).ConfigureAwait(false);
        LogRebuilt(logger, endpointCount, commandCount, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Fleet read model rebuilt: {Endpoints} endpoints, {Commands} commands in {ElapsedMs} ms")]
    private static partial void LogRebuilt(ILogger logger, int endpoints, int commands, long elapsedMs);
}
