using Caisey.Node.Approvals;
using Caisey.Node.Endpoints;
using Caisey.Node.Reachability;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Api;

/// <summary>Builds <see cref="EndpointResource"/>s from the read model and the live reachability overlay, and orders them.</summary>
public sealed class EndpointPresenter(FleetReadModel fleet, IReachabilityTracker reachability, ApprovalPolicyStore policies, ApiOptions options, TimeProvider time)
{
    private static readonly string[] ReachabilityOrder =
    [
        ReachabilityStates.Reachable, ReachabilityStates.Connecting, ReachabilityStates.Retrying,
        ReachabilityStates.Unreachable, ReachabilityStates.NeverConnected,
    ];

    public EndpointResource Present(EndpointView view)
    {
        var live = reachability.Get(view.Id);
        var readiness = view.Readiness;
        var now = time.GetUtcNow();
        var approval = ApprovalResource.From(view.Approval, policies.Effective(view.Id, view.ClientGroupId), now);
        var session = approval.State == "pending" ? new SessionResource("awaiting-approval", view.Approval?.Pending?.RequestedAt) : SessionResource.None;
        return new EndpointResource(
            view.Id,
            view.Hostname,
            view.ClientGroupId ?? "",
            new ReadinessResource(
                readiness.LastCheckInAt, readiness.Os, readiness.AgentVersion, readiness.PendingUpdates, approval,
                Flags(readiness, live), readiness.UptimeSeconds),
            live,
            session,
            fleet.PendingCommands(view.Id),
            view.EnrolledAt);
    }

    /// <summary>Readiness first (checked in recently with nothing to fix first), reachability second, then hostname and id.</summary>
    public IEnumerable<EndpointResource> Order(IEnumerable<EndpointResource> endpoints) => endpoints
        .OrderBy(e => ReadinessRank(e.Readiness.Flags))
        .ThenBy(e => ReachabilityRank(e.Reachability.State))
        .ThenBy(e => e.Hostname, StringComparer.OrdinalIgnoreCase)
        .ThenBy(e => e.Id, StringComparer.Ordinal);

    public static bool IsReachabilityState(string state) => ReachabilityOrder.Contains(state, StringComparer.Ordinal);

    private List<string> Flags(EndpointReadiness readiness, ReachabilityView live)
    {
        var flags = new List<string>();
        if (readiness.LastCheckInAt is not { } lastCheckIn)
            flags.Add(ReadinessFlags.NeverCheckedIn);
        else if (time.GetUtcNow() - lastCheckIn > options.SilentAfter)
            flags.Add(ReadinessFlags.Silent);
        if (readiness.PendingUpdates > 0)
            flags.Add(ReadinessFlags.PendingUpdates);
        if (live.State == ReachabilityStates.NeverConnected)
            flags.Add(ReadinessFlags.NeverConnected);
        return flags;
    }

    private static int ReadinessRank(IReadOnlyList<string> flags) =>
        flags.Contains(ReadinessFlags.NeverCheckedIn) ? 3
        : flags.Contains(ReadinessFlags.Silent) ? 2
        : flags.Contains(ReadinessFlags.PendingUpdates) ? 1
        : 0;

    private static int ReachabilityRank(string state)
    {
        var rank = Array.IndexOf(ReachabilityOrder, state);
        return rank < 0 ? ReachabilityOrder.Length : rank;
    }
}
