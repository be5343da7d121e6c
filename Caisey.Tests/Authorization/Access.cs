namespace Caisey.Tests.Authorization;

/// <summary>How a route is guarded, which fixes its expected status per role and tenant.</summary>
public enum Access
{
    /// <summary>No auth: every caller gets the success status.</summary>
    Public,

    /// <summary>Agent credentials only: API tokens and anonymous callers alike get 401.</summary>
    Agent,

    /// <summary>Any signed-in role; anonymous 401.</summary>
    AnyUser,

    /// <summary>Admins; other roles 403; anonymous 401.</summary>
    AdminOnly,

    /// <summary>Any role that sees the tenant; out of scope 404; anonymous 401.</summary>
    ScopedRead,

    /// <summary>A console page: a shell whose data comes from the API (scoped there), so it reveals nothing about ids;
    /// any signed-in role gets it, anonymous callers are redirected (302) to the login page.</summary>
    Page,

    /// <summary>Technicians and admins who see the tenant (404 otherwise); viewers 403; anonymous 401.</summary>
    ScopedWrite,
}
