namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>Duplicate-key rules: a later object merges into an earlier object, anything else replaces.</summary>
internal static class HoconMerge
{
    /// <summary>Sets <paramref name="path"/> in <paramref name="fields"/>, merging with what is there.</summary>
    public static void Set(OrderedDictionary<string, HoconValue> fields, HoconPath path, HoconValue value)
    {
        for (var i = path.Length - 1; i >= 1; i--)
        {
            var wrapper = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal) { [path[i]] = value };
            value = new HoconObject(wrapper);
        }

        fields[path.First] = fields.TryGetValue(path.First, out var existing) ? Merge(existing, value) : value;
    }

    /// <summary>Merges two unresolved values as if <paramref name="later"/> were written after <paramref name="earlier"/>.</summary>
    public static HoconValue Merge(HoconValue earlier, HoconValue later)
    {
        if (later is HoconObject laterObject)
        {
            return earlier switch
            {
                HoconObject earlierObject => MergeObjects(earlierObject, laterObject),
                HoconSubstitution or HoconConcatenation or HoconMergeStack => Stack(earlier, later),
                _ => later,
            };
        }

        return later is HoconSubstitution or HoconConcatenation ? Stack(earlier, later) : later;
    }

    /// <summary>Merges two resolved objects.</summary>
    public static HoconObject MergeObjects(HoconObject earlier, HoconObject later)
    {
        var fields = earlier.CopyFields();
        foreach (var (key, value) in later.Fields)
        {
            fields[key] = fields.TryGetValue(key, out var existing) ? Merge(existing, value) : value;
        }

        return new HoconObject(fields);
    }

    private static HoconMergeStack Stack(HoconValue earlier, HoconValue later) =>
        earlier is HoconMergeStack stack ? new HoconMergeStack([.. stack.Values, later]) : new HoconMergeStack([earlier, later]);
}
