using System.Text;

namespace Caisey.Node.Cluster;

/// <summary>Maps entity ids to a fixed number of shards with a stable hash (FNV-1a over UTF-8), the same on every node.</summary>
public static class ShardMap
{
    public const int DefaultShardCount = 256;

    public static int ShardOf(string entityId, int shardCount = DefaultShardCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(entityId) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(entityId, buffer)] : Encoding.UTF8.GetBytes(entityId);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return (int)(hash % (uint)shardCount);
    }
}
