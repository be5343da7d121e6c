namespace Caisey.Protocol.Configuration;

/// <summary>Names the HOCON key (relative to the bound section, '.'-separated) of an options property.</summary>
/// <remarks>Without it the key is the property name in kebab-case: <c>DataDir</c> → <c>data-dir</c>.</remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConfigKeyAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
