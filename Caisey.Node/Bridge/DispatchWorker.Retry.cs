namespace Caisey.Node.Bridge;

internal sealed partial class DispatchWorker
{
    /// <summary>The ack of a run-command is late: schedule the next attempt (or give up on this bridge).</summary>
    private void AckMissed(string commandId, string frameId)
    {
        if (!_deliveries.TryGetValue(commandId, out var delivery) || delivery.FrameId != frameId || delivery.RetryAt is not null)
            return;
        if (_context.RetryPolicy.NextDelay(delivery.Attempt, Random.Shared) is not { } delay)
        {
            LogGaveUp(_context.Logger, _endpointId, commandId, delivery.Attempt);
            Forget(commandId);
            delivery.Session.Close(Protocol.Frames.BridgeCloseCodes.AckTimeout,
                $"run-command for {commandId} was not acknowledged after {delivery.Attempt} attempts");
            return;
        }
        var retryAt = _context.Time.GetUtcNow() + delay;
        delivery.RetryAt = retryAt;
        delivery.Timer.Dispose();
        delivery.Timer = After(delay, new RetryDue(commandId, frameId));
        LogRetrying(_context.Logger, _endpointId, commandId, delivery.Attempt, retryAt);
        ShowRetries();
    }

    private async Task RetryAsync(string commandId, string frameId)
    {
        if (!_deliveries.TryGetValue(commandId, out var delivery) || delivery.FrameId != frameId)
            return;
        await DeliverAsync(commandId, redeliver: false).ConfigureAwait(false);
    }

    /// <summary>Drops the command's delivery (acked, finished, cancelled or superseded) and its timer.</summary>
    private void Forget(string commandId)
    {
        if (_deliveries.Remove(commandId, out var delivery))
        {
            delivery.Timer.Dispose();
            ShowRetries();
        }
        if (_waiting.Remove(commandId))
            _context.Reachability.WorkWaiting(_endpointId, _waiting.Count > 0);
    }

    /// <summary>The bridge closed: what was out on it waits for the next bridge (which re-dispatches it).</summary>
    private void SessionClosed(BridgeSession session)
    {
        foreach (var (commandId, delivery) in _deliveries.ToArray())
        {
            if (delivery.Session != session)
                continue;
            Forget(commandId);
            Wait(commandId);
        }
    }

    /// <summary>No bridge: the command waits (reachability shows <c>connecting</c>) and the doorbell rings.</summary>
    private void Wait(string commandId)
    {
        _waiting.Add(commandId);
        _context.Reachability.WorkWaiting(_endpointId, true);
        _context.Doorbell.Ring(_endpointId);
    }

    /// <summary>A one-shot timer that posts <paramref name="message"/> to this worker.</summary>
    private ITimer After(TimeSpan due, object message) => _context.Time.CreateTimer(
        static state =>
        {
            var (worker, posted) = ((DispatchWorker, object))state!;
            worker.Post(posted);
        },
        (this, message), due, Timeout.InfiniteTimeSpan);

    private void ShowRetries()
    {
        var retrying = _deliveries.Values.Where(d => d.RetryAt is not null).OrderBy(d => d.RetryAt).FirstOrDefault();
        if (retrying is null)
            _context.Reachability.RetryCleared(_endpointId);
        else
            _context.Reachability.Retrying(_endpointId, retrying.Attempt, retrying.RetryAt!.Value);
    }
}
