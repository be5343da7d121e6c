using Caisey.Node.Api;
using Caisey.Node.Auth;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Audit;

/// <summary>
/// Who reads which records: an admin reads all. Anyone else (technicians and viewers alike: viewers already read those
/// commands and their output) reads the records of endpoints and client groups they see, and, for records about users,
/// only their own (their sign-ins, sign-outs and failed attempts on their name). Scope decides before authorship: a
/// technician who lost a group no longer reads what they did there.
/// </summary>
public static class AuditAccess
{
    public static bool CanRead(this CaiseyUser user, AuditRecord record, FleetReadModel fleet)
    {
        if (user.IsAdmin)
            return true;
        if (AuditTargets.EndpointIdOf(record.Target) is { } endpointId)
            return fleet.VisibleEndpoint(user, endpointId) is not null;
        if (AuditTargets.ClientGroupIdOf(record.Target) is { } groupId)
            return user.Sees(groupId);
        return string.Equals(record.Target, AuditTargets.User(user.Username), StringComparison.OrdinalIgnoreCase)
            && string.Equals(record.Actor, user.Username, StringComparison.OrdinalIgnoreCase);
    }
}
