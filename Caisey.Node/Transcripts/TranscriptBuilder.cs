using System.Text.Json;
using Caisey.Node.Audit;
using Caisey.Node.Commands;
using Caisey.Node.Endpoints;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Transcripts;

/// <summary>
/// Renders a draft: the endpoint's commands submitted in the window (oldest first) from the fleet read model, their
/// output from <see cref="CommandOutputStore"/>, the reachability at submit and at each dispatch from the audit log,
/// with the draft's redactions applied.
/// </summary>
public sealed class TranscriptBuilder(FleetReadModel fleet, CommandOutputStore output, AuditLog audit)
{
    public TranscriptView Build(TranscriptDraft draft)
    {
        var redactions = draft.Redactions;
        var commands = fleet.History(draft.EndpointId)
            .Where(c => (draft.From is null || c.SubmittedAt >= draft.From) && (draft.To is null || c.SubmittedAt <= draft.To))
            .OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => Command(c, redactions))
            .ToList();
        var share = draft is { PublishedAt: { } published, ShareExpiresAt: { } expires } ? new TranscriptShare(published, expires) : null;
        return new TranscriptView(draft.Id, draft.EndpointId, Redactor.Mask(fleet.FindEndpoint(draft.EndpointId)?.Hostname, redactions),
            draft.From, draft.To, draft.CreatedBy, draft.CreatedAt, redactions, commands, share);
    }

    private TranscriptCommand Command(CommandView command, IReadOnlyList<Redaction> redactions)
    {
        var records = audit.ForTarget(AuditTargets.Command(command.EndpointId, command.Id))
            .Select(r => (Record: r, Detail: JsonSerializer.Deserialize<CommandAuditDetail>(r.Detail, AuditJson.Options)))
            .Where(r => r.Detail is not null)
            .ToList();
        var submitted = records.FirstOrDefault(r => r.Record.Action == AuditActions.CommandSubmitted).Detail;
        var attempts = records.Where(r => r.Record.Action == AuditActions.CommandDispatched)
            .Select(r => new TranscriptAttempt(r.Detail!.Attempt, r.Record.At, r.Detail.Transport, r.Detail.Reachability))
            .ToList();
        var finished = FleetReadModel.IsTerminal(command.Status) ? command.Timeline[^1].At : (DateTimeOffset?)null;
        return new TranscriptCommand(
            command.Id, Redactor.Mask(command.Script, redactions), command.Shell, command.Status, command.SubmittedBy, command.SubmittedAt,
            finished, command.ExitCode, command.FailureReason, submitted?.Reachability, attempts.LastOrDefault()?.Reachability, attempts,
            [.. command.Timeline.Select(t => new TranscriptStep(t.Status, t.At, Redactor.Mask(t.Detail, redactions)))],
            Redactor.Output(command.Id, output.ReadText(command.Id), redactions));
    }
}
