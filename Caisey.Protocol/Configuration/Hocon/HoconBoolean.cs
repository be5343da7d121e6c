using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed class HoconBoolean : HoconValue
{
    private HoconBoolean(bool value) => Value = value;

    public static HoconBoolean True { get; } = new(true);

    public static HoconBoolean False { get; } = new(false);

    public bool Value { get; }

    internal override bool IsResolved => true;

    public static HoconBoolean From(bool value) => value ? True : False;

    public override string ToString() => Value ? "true" : "false";

    internal override void WriteJson(Utf8JsonWriter writer) => writer.WriteBooleanValue(Value);
}
