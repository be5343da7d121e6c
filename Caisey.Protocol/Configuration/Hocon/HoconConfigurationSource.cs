using Microsoft.Extensions.Configuration;

namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// A HOCON file, or an already resolved tree, as a <c>Microsoft.Extensions.Configuration</c> source.
/// Keys keep their HOCON names joined by ':' (<c>caisey:node:data-dir</c>); array elements by index.
/// </summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>The file to read; relative paths are relative to the current directory. Ignored when <see cref="Root"/> is set.</summary>
    public string? Path { get; set; }

    /// <summary>When true a missing <see cref="Path"/> gives no settings instead of an error.</summary>
    public bool Optional { get; set; }

    /// <summary>A resolved tree to expose as is, e.g. from <see cref="HoconLayers.Load"/>.</summary>
    public HoconObject? Root { get; set; }

    /// <summary>How the file's substitutions are resolved; default falls back to environment variables.</summary>
    public HoconResolveOptions? ResolveOptions { get; set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
