namespace Caisey.Node.Journal;

/// <summary>Serialization steps shared by every journal, so that failures look the same everywhere.</summary>
internal static class JournalSerialization
{
    /// <summary>Serializes all events, or throws <see cref="JournalSerializationException"/> for the first one that fails.</summary>
    public static SerializedEvent[] SerializeAll(IEventSerializer serializer, IReadOnlyList<object> events)
    {
        var result = new SerializedEvent[events.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = SerializeOne(serializer, events[i]);
        return result;
    }

    public static SerializedEvent SerializeOne(IEventSerializer serializer, object value)
    {
        if (value is null)
            throw new JournalSerializationException("A null event or snapshot cannot be stored.");
        try
        {
            var (manifest, payload) = serializer.Serialize(value);
            return new SerializedEvent(manifest, payload);
        }
        catch (Exception e) when (e is not JournalSerializationException and not OutOfMemoryException)
        {
            throw new JournalSerializationException($"Type '{value.GetType().FullName}' could not be serialized: {e.Message}", e);
        }
    }

    public static object Deserialize(IEventSerializer serializer, string manifest, ReadOnlySpan<byte> payload)
    {
        try
        {
            return serializer.Deserialize(manifest, payload);
        }
        catch (Exception e) when (e is not JournalSerializationException and not OutOfMemoryException)
        {
            throw new JournalSerializationException($"Stored '{manifest}' could not be deserialized: {e.Message}", e);
        }
    }

    public static void ValidateAppend(string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedSequenceNr);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
            throw new ArgumentException("An append needs at least one event.", nameof(events));
    }

    /// <summary>
    /// The part of an append every journal shares: arguments checked (thrown), then cancellation and serialization turned
    /// into a failed append of this call alone (<paramref name="failed"/>) rather than an exception.
    /// </summary>
    public static bool TryPrepareAppend(IEventSerializer serializer, string persistenceId, long expectedSequenceNr, IReadOnlyList<object> events,
        CancellationToken cancellationToken, out SerializedEvent[] serialized, out ValueTask<long> failed)
    {
        ValidateAppend(persistenceId, expectedSequenceNr, events);
        serialized = [];
        failed = default;
        if (cancellationToken.IsCancellationRequested)
        {
            failed = ValueTask.FromCanceled<long>(cancellationToken);
            return false;
        }
        try
        {
            serialized = SerializeAll(serializer, events);
            return true;
        }
        catch (JournalSerializationException e)
        {
            failed = ValueTask.FromException<long>(e);
            return false;
        }
    }
}
