using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Node.Hosting;

/// <summary>Layers the node's configuration: <c>hocon/caisey.conf</c> defaults, then <c>--config FILE</c>, then <c>--set</c>.</summary>
public static class NodeConfiguration
{
    /// <summary>The shipped defaults, copied beside the binary.</summary>
    public static string DefaultsFile => Path.Combine(AppContext.BaseDirectory, "hocon", "caisey.conf");

    public static HoconObject Resolve(string? configFile, IEnumerable<string> sets) =>
        HoconLayers.Load([DefaultsFile], configFile, sets);

    public static IConfiguration Load(string? configFile, IEnumerable<string> sets) =>
        new ConfigurationBuilder().AddHocon(Resolve(configFile, sets)).Build();

    /// <summary>
    /// <c>config render</c>: the resolved configuration as JSON. With <paramref name="configFile"/> that file is
    /// rendered alone, no defaults merged (API.md): this is how a HOCON file is checked.
    /// </summary>
    public static string Render(string? configFile, IEnumerable<string> sets)
    {
        var root = configFile is null
            ? Resolve(null, sets)
            : HoconLayers.Load([], configFile, sets);
        return root.ToJson(indented: true);
    }

    public static bool IsConfigurationError(Exception e) => e is HoconException or FormatException or FileNotFoundException or IOException;
}
