using System.Globalization;
using System.Text.Json;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>A number, kept as written (a JSON number): 42 stays an integer, 42.1 stays a float.</summary>
public sealed class HoconNumber : HoconValue
{
    internal HoconNumber(string text) => Text = text;

    /// <summary>The number as written in the source, e.g. <c>42</c>, <c>-1.5</c>, <c>1e6</c>.</summary>
    public string Text { get; }

    /// <summary>True when written without fraction or exponent.</summary>
    public bool IsInteger => !Text.AsSpan().ContainsAny(".eE");

    internal override bool IsResolved => true;

    public long ToInt64() => IsInteger
        ? long.Parse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
        : checked((long)ToDouble());

    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string ToString() => Text;

    internal override void WriteJson(Utf8JsonWriter writer) => writer.WriteRawValue(Text);
}
