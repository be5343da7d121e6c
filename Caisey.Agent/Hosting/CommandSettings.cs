namespace Caisey.Agent.Hosting;

/// <summary>The options every agent command takes: <c>--config</c>, <c>--set</c> and <c>--data-dir</c> (which wins over both).</summary>
public sealed record CommandSettings(string? ConfigFile, IReadOnlyList<string> Sets, string? DataDir)
{
    public AgentOptions Load()
    {
        var sets = DataDir is null ? Sets : [.. Sets, $"caisey.agent.data-dir={Quote(DataDir)}"];
        return AgentConfiguration.Load(ConfigFile, sets);
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
