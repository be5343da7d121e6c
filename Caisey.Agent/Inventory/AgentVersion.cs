using System.Reflection;

namespace Caisey.Agent.Inventory;

/// <summary>The running agent's version: its assembly's informational version.</summary>
public static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AgentVersion).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";
}
