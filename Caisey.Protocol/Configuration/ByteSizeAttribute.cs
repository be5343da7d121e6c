namespace Caisey.Protocol.Configuration;

/// <summary>Marks a numeric options property whose HOCON value is a size (<c>64k</c>, <c>4MiB</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ByteSizeAttribute : Attribute;
