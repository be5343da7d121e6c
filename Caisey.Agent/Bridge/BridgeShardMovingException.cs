namespace Caisey.Agent.Bridge;

/// <summary>
/// The node answered the bridge request with 503 and a retry hint because this endpoint's shard is moving between
/// cluster nodes (its owner stopped): retry after <see cref="RetryAfter"/>, not as a failure.
/// </summary>
public sealed class BridgeShardMovingException : Exception
{
    public BridgeShardMovingException(Uri serverUrl, TimeSpan retryAfter)
        : base($"{serverUrl}: this endpoint's shard is moving between nodes; retry in {retryAfter.TotalMilliseconds:0} ms") => RetryAfter = retryAfter;

    public BridgeShardMovingException() => RetryAfter = TimeSpan.FromSeconds(1);

    public BridgeShardMovingException(string message) : base(message) => RetryAfter = TimeSpan.FromSeconds(1);

    public BridgeShardMovingException(string message, Exception innerException) : base(message, innerException) => RetryAfter = TimeSpan.FromSeconds(1);

    public TimeSpan RetryAfter { get; }
}
