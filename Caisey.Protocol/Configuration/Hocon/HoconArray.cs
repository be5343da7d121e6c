using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>An array of values.</summary>
public sealed class HoconArray : HoconValue
{
    private readonly bool _isResolved;

    internal HoconArray(IReadOnlyList<HoconValue> items)
    {
        Items = items;
        _isResolved = items.All(item => item.IsResolved);
    }

    public IReadOnlyList<HoconValue> Items { get; }

    internal override bool IsResolved => _isResolved;

    internal override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var item in Items)
        {
            item.WriteJson(writer);
        }

        writer.WriteEndArray();
    }
}
