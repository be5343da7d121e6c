using Caisey.Agent.Bridge;
using Caisey.Agent.Commands;
using Caisey.Agent.Enrollment;
using Caisey.Agent.Inventory;
using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Hosting;

/// <summary>What each agent command does; <see cref="AgentCommandLine"/> only parses.</summary>
public static class AgentActions
{
    public static async Task<int> EnrollAsync(CommandSettings settings, string server, string token, string? pin, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUrl) || (serverUrl.Scheme != Uri.UriSchemeHttp && serverUrl.Scheme != Uri.UriSchemeHttps))
            return await FailAsync(1, $"--server '{server}' is not an http:// or https:// URL.").ConfigureAwait(false);
        if (pin is not null && !CertificatePin.IsValid(pin))
            return await FailAsync(1, "--pin must be the server certificate's SHA-256 as 64 hex digits.").ConfigureAwait(false);
        if (LoadOptions(settings) is not { } options)
            return 2;
        var store = new CredentialStore(options.DataDir);
        using var http = AgentHttp.Create(pin);
        try
        {
            var credential = await new EnrollmentClient(http).EnrollAsync(serverUrl, token, pin, store, cancellationToken).ConfigureAwait(false);
            await System.Console.Out.WriteLineAsync($"Enrolled as endpoint {credential.EndpointId} with {serverUrl}; credential saved to {store.FilePath}.").ConfigureAwait(false);
            return 0;
        }
        catch (EnrollmentException e)
        {
            return await FailAsync(1, $"enrollment failed: {e.Message}").ConfigureAwait(false);
        }
        catch (IOException e)
        {
            return await FailAsync(1, $"could not save the credential in {options.DataDir}: {e.Message}").ConfigureAwait(false);
        }
    }

    public static async Task<int> RunAsync(CommandSettings settings, CancellationToken cancellationToken)
    {
        if (LoadOptions(settings) is not { } options)
            return 2;
        if (await LoadCredentialAsync(options).ConfigureAwait(false) is not { } credential)
            return 1;
        using var loggers = AgentLogging.Create();
        var time = TimeProvider.System;
        await using var journal = await AgentCommandJournal.OpenAsync(options.DataDir, time, cancellationToken).ConfigureAwait(false);
        using var commands = new CommandRunner(time, new CommandRunnerOptions { PrestartShell = options.PrestartShell });
        var executor = new CommandExecutor(journal, commands);
        var inventory = new InventoryCollector(new InventoryCollectorOptions { DataDirectory = options.DataDir }, time, PendingUpdatesProbe.Detect(time));
        using var http = AgentHttp.Create(credential.PinnedServerCertificateSha256);
        var runner = new AgentRunner(options, credential, executor, inventory, http, time, Random.Shared, loggers);
        try
        {
            await runner.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (BridgeUnauthorizedException e)
        {
            return await FailAsync(1, e.Message).ConfigureAwait(false);
        }
    }

    public static async Task<int> StatusAsync(CommandSettings settings, CancellationToken cancellationToken)
    {
        if (LoadOptions(settings) is not { } options)
            return 2;
        var store = new CredentialStore(options.DataDir);
        if (!store.Exists)
        {
            await System.Console.Out.WriteLineAsync($"enrolled: no (no credential in {Path.GetFullPath(options.DataDir)})").ConfigureAwait(false);
            return 1;
        }
        if (await LoadCredentialAsync(options).ConfigureAwait(false) is not { } credential)
            return 1;
        var transport = TransportRotation.LoadState(options.DataDir);
        await System.Console.Out.WriteLineAsync(string.Join(Environment.NewLine,
            "enrolled: yes",
            $"endpoint: {credential.EndpointId}",
            $"server: {string.Join(", ", credential.ServerUrls)}",
            $"pinned certificate: {credential.PinnedServerCertificateSha256 ?? "none (system trust)"}",
            $"last transport: {(transport is null ? "none yet" : $"{transport.Name} (at {transport.At:O})")}",
            $"approval: {DescribeConsent(new Consent.ConsentInbox(options.DataDir).Load())}",
            $"last notice: {new Consent.ConsentInbox(options.DataDir).LastNotice() ?? "none"}")).ConfigureAwait(false);
        return 0;
    }

    /// <summary><c>approve</c> / <c>deny</c>: answers the pending consent request; the running agent sends the answer.</summary>
    public static int Answer(CommandSettings settings, bool granted)
    {
        if (LoadOptions(settings) is not { } options)
            return 2;
        var inbox = new Consent.ConsentInbox(options.DataDir);
        if (inbox.Answer(granted, DateTimeOffset.UtcNow, out var problem) is not { } answered)
        {
            System.Console.Out.WriteLine(problem);
            return problem == "no pending approval request" ? 0 : 1;
        }
        System.Console.Out.WriteLine($"{(granted ? "Approved" : "Denied")}: {answered.Reason} (requested by {answered.RequestedBy}, scope {answered.Scope}" +
            (granted ? $", valid for {answered.GrantMinutes} minutes)." : ")."));
        return 0;
    }

    private static string DescribeConsent(Consent.ConsentRequest? request) => request switch
    {
        null => "none",
        { Granted: true } => $"{request.RequestId} approved at {request.AnsweredAt:O}",
        { Granted: false } => $"{request.RequestId} denied at {request.AnsweredAt:O}",
        _ when request.ExpiresAt <= DateTimeOffset.UtcNow => $"{request.RequestId} expired unanswered (denied)",
        _ => $"PENDING {request.RequestId} from {request.RequestedBy}: {request.Reason} (answer before {request.ExpiresAt:O})",
    };

    private static AgentOptions? LoadOptions(CommandSettings settings)
    {
        try
        {
            return settings.Load();
        }
        catch (Exception e) when (AgentConfiguration.IsConfigurationError(e))
        {
            System.Console.Error.WriteLine($"caisey-agent: {e.Message}");
            return null;
        }
    }

    private static async Task<AgentCredential?> LoadCredentialAsync(AgentOptions options)
    {
        var store = new CredentialStore(options.DataDir);
        try
        {
            if (await store.LoadAsync().ConfigureAwait(false) is { } credential)
                return credential;
            await FailAsync(1, $"this agent is not enrolled (no credential in {Path.GetFullPath(options.DataDir)}). " +
                "Run `caisey-agent enroll --server URL --token TOKEN` first.").ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            await FailAsync(1, e.Message).ConfigureAwait(false);
        }
        return null;
    }

    private static async Task<int> FailAsync(int exitCode, string message)
    {
        await System.Console.Error.WriteLineAsync($"caisey-agent: {message}").ConfigureAwait(false);
        return exitCode;
    }
}
