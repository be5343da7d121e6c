using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. <see cref="Prefix"/> is where the file holding it was included:
/// the path is looked up under the prefix first, then from the root.
/// </summary>
internal sealed class HoconSubstitution(HoconPath path, bool optional, HoconPath prefix, HoconPosition position) : HoconValue
{
    public HoconPath Path { get; } = path;

    public bool Optional { get; } = optional;

    public HoconPath Prefix { get; } = prefix;

    public HoconPosition Position { get; } = position;

    internal override bool IsResolved => false;

    public override string ToString() => Optional ? $"${{?{Path}}}" : $"${{{Path}}}";

    internal override void WriteJson(Utf8JsonWriter writer) => throw new InvalidOperationException($"unresolved substitution {this}");
}
