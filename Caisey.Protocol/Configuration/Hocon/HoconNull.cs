using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>The <c>null</c> value.</summary>
public sealed class HoconNull : HoconValue
{
    private HoconNull()
    {
    }

    public static HoconNull Instance { get; } = new();

    internal override bool IsResolved => true;

    public override string ToString() => "null";

    internal override void WriteJson(Utf8JsonWriter writer) => writer.WriteNullValue();
}
