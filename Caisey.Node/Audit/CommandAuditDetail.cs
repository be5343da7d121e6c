using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;

namespace Caisey.Node.Audit;

/// <summary>The <c>detail</c> of a command record (JSON, nulls left out).</summary>
/// <param name="Step">The transition's index in the command's timeline (0 = submitted).</param>
/// <param name="Note">The timeline entry's own detail (for example <c>attempt 2 via long-poll</c>).</param>
/// <param name="Reachability">The endpoint's reachability when the transition was recorded; null when it was recorded
/// late, at start, from the journal (<paramref name="Recovered"/>).</param>
/// <param name="Script">Only on <c>command.submitted</c>: what was asked to run.</param>
public sealed record CommandAuditDetail(
    string EndpointId,
    string? ClientGroupId,
    string CommandId,
    int Step,
    CommandStatus Status,
    string? Note,
    ReachabilityView? Reachability,
    int? Attempt = null,
    string? Transport = null,
    string? Script = null,
    string? Shell = null,
    string? BatchId = null,
    FailureReason? FailureReason = null,
    int? ExitCode = null,
    bool? Recovered = null);
