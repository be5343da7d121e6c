using Caisey.Protocol.Configuration;
using Caisey.Protocol.Configuration.Hocon;
using Microsoft.Extensions.Configuration;

namespace Caisey.Agent.Hosting;

/// <summary>Layers the agent's configuration: <c>hocon/agent.conf</c> beside the binary, then <c>--config FILE</c>, then <c>--set</c>.</summary>
public static class AgentConfiguration
{
    public static string DefaultsFile => Path.Combine(AppContext.BaseDirectory, "hocon", "agent.conf");

    /// <summary>The bound and validated options.</summary>
    /// <exception cref="FormatException">Every invalid setting, listed at once.</exception>
    public static AgentOptions Load(string? configFile, IEnumerable<string> sets)
    {
        var root = HoconLayers.Load([DefaultsFile], configFile, sets);
        var configuration = new ConfigurationBuilder().AddHocon(root).Build();
        var options = ConfigurationBinding.Bind<AgentOptions>(configuration, "caisey:agent");
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new FormatException("Invalid configuration: " + string.Join(" ", errors));
        return options;
    }

    public static bool IsConfigurationError(Exception e) => e is HoconException or FormatException or FileNotFoundException or IOException;
}
