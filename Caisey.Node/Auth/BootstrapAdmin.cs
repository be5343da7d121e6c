using Caisey.Node.Storage;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Auth;

/// <summary>Creates the first admin on a node that has no users yet.</summary>
public sealed partial class BootstrapAdmin(UserStore users, IOptions<AuthOptions> options, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (users.Any())
            return Task.CompletedTask;
        var auth = options.Value;
        var generated = string.IsNullOrEmpty(auth.BootstrapAdminPassword);
        var password = generated ? Secrets.NewToken("")[..20] : auth.BootstrapAdminPassword!;
        users.Create(auth.BootstrapAdminUsername, password, Roles.Admin, []);
        if (generated)
        {
            // Printed once, on the console only (never to a log sink), so the operator can log in.
            System.Console.Out.WriteLine($"caisey: created admin '{auth.BootstrapAdminUsername}' with password: {password}");
            System.Console.Out.WriteLine("caisey: set caisey.auth.bootstrap-admin.password (or CAISEY_ADMIN_PASSWORD) to choose it yourself.");
        }
        LogCreated(logger, auth.BootstrapAdminUsername, generated);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created bootstrap admin {Username} (generated password: {Generated})")]
    private static partial void LogCreated(ILogger logger, string username, bool generated);
}
