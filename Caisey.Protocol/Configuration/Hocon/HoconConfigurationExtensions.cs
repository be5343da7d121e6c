using Microsoft.Extensions.Configuration;

namespace Caisey.Protocol.Configuration.Hocon;

public static class HoconConfigurationExtensions
{
    /// <summary>Adds a HOCON file; its substitutions fall back to environment variables.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional });
    }

    /// <summary>Adds an already resolved tree, e.g. <see cref="HoconLayers.Load"/> of defaults, --config and --set.</summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, HoconObject root)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(root);
        return builder.Add(new HoconConfigurationSource { Root = root });
    }
}
