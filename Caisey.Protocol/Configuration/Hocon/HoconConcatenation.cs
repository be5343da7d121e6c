using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>Values written side by side (<c>${a} "b" c</c>, <c>${list} [3]</c>) that are joined once resolved.</summary>
internal sealed class HoconConcatenation(IReadOnlyList<HoconValue> parts, HoconPosition position) : HoconValue
{
    public IReadOnlyList<HoconValue> Parts { get; } = parts;

    public HoconPosition Position { get; } = position;

    internal override bool IsResolved => false;

    internal override void WriteJson(Utf8JsonWriter writer) => throw new InvalidOperationException("unresolved value concatenation");
}
