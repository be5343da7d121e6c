using Caisey.Node.Api;
using Caisey.Node.Auth;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Audit;

/// <summary>
/// Who reads which records: an admin reads all; anyone else reads the records of endpoints and client groups they see
/// (technicians and viewers alike: viewers already read those commands and their output) and their own actions.
/// </summary>
public static class AuditAccess
{
    public static bool CanRead(this CaiseyUser user, AuditRecord record, FleetReadModel fleet)
    {
        if (user.IsAdmin || string.Equals(record.Actor, user.Username, StringComparison.OrdinalIgnoreCase))
            return true;
        if (AuditTargets.EndpointIdOf(record.Target) is { } endpointId)
            return fleet.VisibleEndpoint(user, endpointId) is not null;
        return AuditTargets.ClientGroupIdOf(record.Target) is { } groupId && user.Sees(groupId);
    }
}
