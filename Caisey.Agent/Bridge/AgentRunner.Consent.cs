using Caisey.Protocol.Frames;

namespace Caisey.Agent.Bridge;

public sealed partial class AgentRunner
{
    /// <summary>
    /// Sends the machine user's answer (given with <c>Caisey.Agent approve | deny</c> in another process) as soon as it
    /// appears, opening a bridge for it. Checked every second; an answer is sent once per agent run (the node ignores
    /// an answer to a request that is no longer pending).
    /// </summary>
    private async Task WatchConsentAnswersAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (_consent.Load() is { Granted: { } granted } answered && _answersSent.Add(answered.RequestId))
            {
                _outbox.Enqueue(new ApprovalAnswer(BridgeIds.New(), answered.RequestId, granted));
                LogConsentAnswered(_logger, answered.RequestId, granted);
                _wake.Cancel();
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
