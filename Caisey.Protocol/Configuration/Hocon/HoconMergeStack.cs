using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Successive definitions of one key that cannot be merged before substitutions are resolved
/// (oldest first). A later definition may refer to the one before it (<c>path = ${path}":/bin"</c>).
/// </summary>
internal sealed class HoconMergeStack(IReadOnlyList<HoconValue> values) : HoconValue
{
    public IReadOnlyList<HoconValue> Values { get; } = values;

    internal override bool IsResolved => false;

    internal override void WriteJson(Utf8JsonWriter writer) => throw new InvalidOperationException("unresolved merge of duplicate keys");
}
