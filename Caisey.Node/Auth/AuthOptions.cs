using Caisey.Protocol.Configuration;

namespace Caisey.Node.Auth;

/// <summary><c>caisey.auth</c>: the bootstrap admin and token lifetime.</summary>
public sealed class AuthOptions
{
    /// <summary>The first admin's name (<c>caisey.auth.bootstrap-admin.username</c>).</summary>
    [ConfigKey("bootstrap-admin.username")]
    public string BootstrapAdminUsername { get; set; } = "admin";

    /// <summary>The first admin's password; when empty the node generates one and prints it once.</summary>
    [ConfigKey("bootstrap-admin.password")]
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>How long a login's token lives (<c>caisey.auth.token-lifetime</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);
}
