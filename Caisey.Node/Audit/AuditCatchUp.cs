using Caisey.Node.ReadModels;

namespace Caisey.Node.Audit;

/// <summary>
/// At start (after the fleet read model is rebuilt), audits transitions that became durable in the journal but never
/// reached the audit log (a crash between the two), marked <c>recovered</c>. Steps already audited are skipped.
/// </summary>
public sealed partial class AuditCatchUp(FleetReadModel fleet, CommandAuditSink sink, ILogger<AuditCatchUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var commands = 0;
        foreach (var endpoint in fleet.Endpoints())
        {
            foreach (var command in fleet.History(endpoint.Id))
            {
                await sink.AuditAsync(command, recovered: true, cancellationToken).ConfigureAwait(false);
                commands++;
            }
        }
        LogCaughtUp(logger, commands);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log checked against {Commands} commands")]
    private static partial void LogCaughtUp(ILogger logger, int commands);
}
