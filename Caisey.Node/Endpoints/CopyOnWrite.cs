namespace Caisey.Node.Endpoints;

/// <summary>Changes to the state's read-only dictionaries: each returns a changed copy and leaves the original as it was.</summary>
internal static class CopyOnWrite
{
    public static IReadOnlyDictionary<string, T> Empty<T>() => new Dictionary<string, T>(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, T> With<T>(this IReadOnlyDictionary<string, T> source, string key, T value)
    {
        var copy = Copy(source);
        copy[key] = value;
        return copy;
    }

    public static IReadOnlyDictionary<string, T> Without<T>(this IReadOnlyDictionary<string, T> source, IEnumerable<string> keys)
    {
        var copy = Copy(source);
        foreach (var key in keys)
            copy.Remove(key);
        return copy;
    }

    /// <summary>A mutable copy to change before it is published (the fast copy when the source is an ordinal hash table).</summary>
    internal static Dictionary<string, T> Copy<T>(IReadOnlyDictionary<string, T> source) =>
        source is Dictionary<string, T> { Comparer: var comparer } dictionary && ReferenceEquals(comparer, StringComparer.Ordinal)
            ? new Dictionary<string, T>(dictionary, StringComparer.Ordinal)
            : new Dictionary<string, T>(source, StringComparer.Ordinal);
}
