namespace Caisey.Node.Cluster;

public sealed partial class ShardLeaseManager
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Joined the cluster as {NodeId} ({AdvertisedUrl})")]
    private static partial void LogJoined(ILogger logger, string nodeId, string advertisedUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired {Count} shard(s) (shard@epoch): {Shards}")]
    private static partial void LogAcquired(ILogger logger, int count, string shards);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost {Count} shard lease(s) without handoff (shard@epoch): {Shards}")]
    private static partial void LogLost(ILogger logger, int count, string shards);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handing {Count} shard(s) off after draining: {Plan}")]
    private static partial void LogHandingOff(ILogger logger, int count, string plan);

    [LoggerMessage(Level = LogLevel.Information, Message = "Handed {Count} shard(s) off (shard->owner@epoch): {Moves}")]
    private static partial void LogHandedOff(ILogger logger, int count, string moves);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId}'s lease (epoch {Epoch}) was gone before its handoff; its new owner took it over")]
    private static partial void LogHandoffAbandoned(ILogger logger, int shardId, long epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {ShardId} did not drain within {HandoffTimeout}; moving its lease anyway")]
    private static partial void LogDrainTimedOut(ILogger logger, int shardId, TimeSpan handoffTimeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard listener {Callback} failed for shard {ShardId}")]
    private static partial void LogListenerFailed(ILogger logger, string callback, int shardId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster heartbeat failed; retrying next tick (leases lapse if this persists)")]
    private static partial void LogTickFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{NodeId} is leaving: handing every shard off")]
    private static partial void LogLeaving(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Asked {NodeId} to leave the cluster")]
    private static partial void LogLeaveRequested(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Downed {NodeId}: its leases expired now")]
    private static partial void LogDowned(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{NodeId} left the cluster")]
    private static partial void LogLeft(ILogger logger, string nodeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{NodeId} is {Status}: stopped its entities and its heartbeat")]
    private static partial void LogStopped(ILogger logger, string nodeId, MemberStatus status);
}
