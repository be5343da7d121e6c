namespace Caisey.Node.Runtime;

/// <summary>Options of an <see cref="EntityHost{TState, TMessage}"/>, validated when the host is built.</summary>
public sealed class EntityHostOptions
{
    /// <summary>An entity that has processed no message for this long is passivated (stopped; its state stays in the journal). Null: never. Default 2 minutes.</summary>
    public TimeSpan? PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most entities alive at once; activating one more passivates the least recently used. Default 10 000.</summary>
    public int MaxLiveEntities { get; set; } = 10_000;

    /// <summary>
    /// A snapshot is saved once this many events were persisted since the last one, in the background (at most one save
    /// per entity at a time; the entity does not wait for it). 0: never. Default 500 (see <c>snapshot-every</c> in caisey.conf).
    /// </summary>
    public int SnapshotEvery { get; set; } = 500;

    /// <summary>The wait before restarting an entity after its first failure; it doubles per consecutive failure. Default 1 second.</summary>
    public TimeSpan RestartBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before restarting a failed entity. Default 1 minute.</summary>
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether this host may activate the entity (cluster: only entities of shards this node owns). Null: all.
    /// A refused message fails with <see cref="EntityNotHostedException"/>; entities already live are not affected
    /// (drain them with <c>EntityHost.DrainAsync</c>).
    /// </summary>
    public Func<string, bool>? Admit { get; set; }

    /// <summary>Every problem with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PassivateAfter is { } idle && idle <= TimeSpan.Zero)
            errors.Add($"{nameof(PassivateAfter)} must be positive or null (never), but is {idle}.");
        if (MaxLiveEntities < 1)
            errors.Add($"{nameof(MaxLiveEntities)} must be at least 1, but is {MaxLiveEntities}.");
        if (SnapshotEvery < 0)
            errors.Add($"{nameof(SnapshotEvery)} must be 0 (never) or more, but is {SnapshotEvery}.");
        if (RestartBackoffMin <= TimeSpan.Zero)
            errors.Add($"{nameof(RestartBackoffMin)} must be positive, but is {RestartBackoffMin}.");
        if (RestartBackoffMax < RestartBackoffMin)
            errors.Add($"{nameof(RestartBackoffMax)} ({RestartBackoffMax}) must not be less than {nameof(RestartBackoffMin)} ({RestartBackoffMin}).");
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem at once.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid entity host options: " + string.Join(" ", errors));
    }
}
