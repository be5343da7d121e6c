using Caisey.Agent.Commands;
using Caisey.Agent.Enrollment;
using Caisey.Agent.Hosting;
using Caisey.Agent.Inventory;
using Microsoft.Extensions.Logging;

namespace Caisey.Agent.Bridge;

/// <summary>
/// The agent's life between and on bridges (the lazy bridge). A bridge is opened at start (the first
/// check-in), when the doorbell rings, when a check-in is due (every <c>checkin-interval</c> ±10%), and
/// while frames wait for their ack or a command runs; it closes itself when idle and the runner goes back
/// to the doorbell. A doorbell that keeps failing (a proxy that cuts long-polls) makes the runner poll on
/// the check-in interval instead. Failed connects back off with <see cref="ReconnectPolicy"/> and rotate
/// transports (<see cref="TransportRotation"/>).
/// </summary>
public sealed partial class AgentRunner
{
    private const int MaxRedirects = 3;
    private const int MaxMovingRetries = 100;
    private readonly AgentOptions _options;
    private readonly AgentCredential _credential;
    private readonly InventoryCollector _inventory;
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private Uri? _redirect;
    private int _redirects;
    private int _moving;
    private readonly Random _random;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly BridgeOutbox _outbox = new();
    private readonly BridgeCommands _commands;
    private readonly ReconnectPolicy _policy;
    private readonly DoorbellClient _doorbell;
    private readonly Consent.ConsentInbox _consent;
    private readonly HashSet<string> _answersSent = new(StringComparer.Ordinal);
    private CancellationTokenSource _wake = new();

    public AgentRunner(AgentOptions options, AgentCredential credential, CommandExecutor executor, InventoryCollector inventory,
        HttpClient http, TimeProvider timeProvider, Random random, ILoggerFactory loggers)
    {
        _options = options;
        _credential = credential;
        _inventory = inventory;
        _http = http;
        _timeProvider = timeProvider;
        _random = random;
        _loggers = loggers;
        _logger = loggers.CreateLogger<AgentRunner>();
        _commands = new BridgeCommands(executor, _outbox, options.OutputLimit, _logger);
        _policy = new ReconnectPolicy(options.ReconnectMin, options.ReconnectMax, options.MaxAuthFailures);
        _doorbell = new DoorbellClient(http, credential.Credential);
        _consent = new Consent.ConsentInbox(options.DataDir);
        var urls = options.ServerUrls.Count > 0 ? options.ServerUrls : credential.ServerUrls;
        Rotation = new TransportRotation(TransportCandidate.ListFor(urls), options.DataDir, options.TransportFailuresBeforeRotation, timeProvider);
    }

    public TransportRotation Rotation { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <exception cref="BridgeUnauthorizedException">The node rejected the credential <c>reconnect.max-auth-failures</c> times in a row.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var state = new RunnerState(_timeProvider.GetUtcNow());
        _ = WatchConsentAnswersAsync(cancellationToken);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!state.WantBridge && _outbox.Count == 0 && _commands.RunningCount == 0)
                await WaitForReasonAsync(state, cancellationToken).ConfigureAwait(false);
            else
                await OpenBridgeAsync(state, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task OpenBridgeAsync(RunnerState state, CancellationToken cancellationToken)
    {
        // A redirect (cluster: the node that owns this endpoint) is tried before the rotation, until it fails.
        var candidate = _redirect is { } owner ? Rotation.Current with { ServerUrl = owner } : Rotation.Current;
        var established = false;
        BridgeSessionEnd end;
        try
        {
            await using var transport = CreateTransport(candidate);
            var session = new BridgeSession(transport, _outbox, _commands, _inventory, _credential.EndpointId,
                new BridgeSessionSettings(_options.BridgeIdleTimeout, _options.ConnectTimeout), _timeProvider, _loggers.CreateLogger<BridgeSession>(), _consent);
            end = await session.RunAsync(_ => { established = true; Rotation.ReportSuccess(); }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BridgeShardMovingException e) when (!established && ++_moving <= MaxMovingRetries)
        {
            // Cluster failover under way: the node answers, the owner of this endpoint is being replaced. Retry soon,
            // without counting a failure (which would grow the backoff) or moving to another transport.
            _redirect = null;
            LogMoving(_logger, candidate.ServerUrl.ToString(), e.RetryAfter);
            await Task.Delay(e.RetryAfter * (0.5 + _random.NextDouble()), _timeProvider, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (BridgeRedirectException e) when (!established && _redirects < MaxRedirects)
        {
            _redirects++;
            _redirect = e.ServerUrl;
            LogRedirected(_logger, candidate.ServerUrl.ToString(), e.ServerUrl.ToString());
            return;
        }
        catch (Exception e) when (!established && _redirect is not null && ++_moving <= MaxMovingRetries)
        {
            // The owner a live node sent us to did not answer (it just died, and the cluster has not moved its
            // shards yet): go back through the rotation soon; the live node will know better in a moment.
            LogRedirectFailed(_logger, candidate.ServerUrl.ToString(), e.Message);
            _redirect = null;
            _redirects = 0;
            await Task.Delay(TimeSpan.FromMilliseconds(300) * (0.5 + _random.NextDouble()), _timeProvider, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!established)
        {
            _redirect = null;
            _redirects = 0;
            if (e is not (BridgeUnauthorizedException or BridgeClosedByNodeException) && Rotation.ReportFailure())
                LogRotated(_logger, candidate.Name, Rotation.Current.Name);
            await BackOffAsync(state, e, candidate.Name, cancellationToken).ConfigureAwait(false);
            return;
        }
        state.Failures = 0;
        _redirects = 0;
        _moving = 0;
        if (end.Kind is BridgeSessionEndKind.ClosedByNode or BridgeSessionEndKind.Lost)
            _redirect = null;
        state.WantBridge = false;
        state.NextCheckIn = _timeProvider.GetUtcNow() + Jittered(_options.CheckinInterval);
        if (state.Polling)
        {
            // Give the doorbell one more chance: one failure puts the agent back to polling.
            state.Polling = false;
            state.DoorbellFailures = _options.DoorbellFailuresBeforePolling - 1;
        }
        var retryAfter = end.Kind is BridgeSessionEndKind.ClosedByNode or BridgeSessionEndKind.Lost
            ? _policy.NextDelay(0, end.Error, _random)
            : null;
        if (retryAfter is { } delay)
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    private async Task WaitForReasonAsync(RunnerState state, CancellationToken cancellationToken)
    {
        var untilCheckIn = state.NextCheckIn - _timeProvider.GetUtcNow();
        if (untilCheckIn <= TimeSpan.Zero || state.Polling)
        {
            if (untilCheckIn > TimeSpan.Zero)
                await Task.Delay(untilCheckIn, _timeProvider, cancellationToken).ConfigureAwait(false);
            state.WantBridge = true;
            return;
        }
        using var checkInDue = new CancellationTokenSource(untilCheckIn, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, checkInDue.Token, _wake.Token);
        try
        {
            var rang = await _doorbell.WaitAsync(Rotation.Current.ServerUrl, _options.DoorbellWait, linked.Token).ConfigureAwait(false);
            state.DoorbellFailures = 0;
            state.Failures = 0;
            if (rang)
                LogRang(_logger);
            state.WantBridge = rang;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (_wake.IsCancellationRequested)
                _wake = new CancellationTokenSource();
            state.WantBridge = true;
        }
        catch (BridgeUnauthorizedException e)
        {
            await BackOffAsync(state, e, "doorbell", cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // The node is gone (not a proxy cutting long-polls): open the bridge, whose connect failures rotate
            // to the next node in the list, instead of polling this one.
            LogDoorbellUnreachable(_logger, e.Message);
            state.WantBridge = true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            state.DoorbellFailures++;
            LogDoorbellFailed(_logger, state.DoorbellFailures, e.Message);
            if (state.DoorbellFailures >= _options.DoorbellFailuresBeforePolling)
            {
                state.Polling = true;
                LogPolling(_logger, state.DoorbellFailures, _options.CheckinInterval);
                return;
            }
            var delay = _policy.NextDelay(state.DoorbellFailures - 1, e, _random) ?? _options.ReconnectMax;
            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BackOffAsync(RunnerState state, Exception error, string what, CancellationToken cancellationToken)
    {
        var delay = _policy.NextDelay(state.Failures, error, _random);
        state.Failures++;
        if (delay is null)
        {
            LogGivingUp(_logger, state.Failures, error.Message);
            throw error is BridgeUnauthorizedException
                ? new BridgeUnauthorizedException($"{error.Message} Rejected {state.Failures} times in a row; the agent stops. Enroll it again.")
                : new InvalidOperationException($"Gave up connecting after {state.Failures} attempts: {error.Message}", error);
        }
        LogConnectFailed(_logger, what, state.Failures, error.Message, delay.Value);
        await Task.Delay(delay.Value, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan Jittered(TimeSpan interval) => interval * (0.9 + (0.2 * _random.NextDouble()));

    private IBridgeTransport CreateTransport(TransportCandidate candidate) => candidate.Kind == TransportKind.WebSocket
        ? new WebSocketTransport(candidate.ServerUrl, _credential.Credential, _credential.PinnedServerCertificateSha256)
        : new LongPollTransport(_http, candidate.ServerUrl, _credential.Credential, _options.LongPollWait);
}
