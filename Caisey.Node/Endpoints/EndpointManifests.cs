using System.Collections.Frozen;
using Caisey.Node.Journal;

namespace Caisey.Node.Endpoints;

/// <summary>The stable names under which endpoint events and snapshots are stored. Never rename or reuse one.</summary>
public static class EndpointManifests
{
    /// <summary>Manifest → type, for <see cref="JsonEventSerializer"/>.</summary>
    public static FrozenDictionary<string, Type> All { get; } = new Dictionary<string, Type>
    {
        ["endpoint.enrolled.v1"] = typeof(EndpointEnrolled),
        ["endpoint.checked-in.v1"] = typeof(CheckedIn),
        ["endpoint.command-queued.v1"] = typeof(CommandQueued),
        ["endpoint.command-released.v1"] = typeof(CommandReleased),
        ["endpoint.command-dispatched.v1"] = typeof(CommandDispatched),
        ["endpoint.command-acknowledged.v1"] = typeof(CommandAcknowledged),
        ["endpoint.command-started.v1"] = typeof(CommandStarted),
        ["endpoint.command-succeeded.v1"] = typeof(CommandSucceeded),
        ["endpoint.command-failed.v1"] = typeof(CommandFailed),
        ["endpoint.command-cancel-requested.v1"] = typeof(CommandCancelRequested),
        ["endpoint.command-cancelled.v1"] = typeof(CommandCancelled),
        ["endpoint.command-expired.v1"] = typeof(CommandExpired),
        ["endpoint.approval-requested.v1"] = typeof(ApprovalRequested),
        ["endpoint.approval-granted.v1"] = typeof(ApprovalGranted),
        ["endpoint.approval-denied.v1"] = typeof(ApprovalDenied),
        ["endpoint.state-snapshot.v1"] = typeof(EndpointState),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>A serializer for endpoint events and snapshots, to give the journal.</summary>
    public static JsonEventSerializer CreateSerializer() => new(EndpointJsonContext.Default.Options, All);
}
