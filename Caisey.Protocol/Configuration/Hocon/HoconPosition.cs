namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>A place in a HOCON source: file (or other source) name, 1-based line and column.</summary>
internal readonly record struct HoconPosition(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
