using Caisey.Node.Auth;
using Caisey.Node.Endpoints;
using Caisey.Node.ReadModels;

namespace Caisey.Node.Api;

/// <summary>Tenancy on reads: what a user may see of the fleet. Anything out of scope is treated as absent.</summary>
public static class FleetAccess
{
    public static EndpointView? VisibleEndpoint(this FleetReadModel fleet, CaiseyUser user, string endpointId) =>
        fleet.FindEndpoint(endpointId) is { ClientGroupId: { } group } view && user.Sees(group) ? view : null;

    public static CommandView? VisibleCommand(this FleetReadModel fleet, CaiseyUser user, string commandId) =>
        fleet.FindCommand(commandId) is { } command && fleet.VisibleEndpoint(user, command.EndpointId) is not null ? command : null;

    public static IEnumerable<EndpointView> VisibleEndpoints(this FleetReadModel fleet, CaiseyUser user) =>
        fleet.Endpoints().Where(e => e.ClientGroupId is { } group && user.Sees(group));
}
