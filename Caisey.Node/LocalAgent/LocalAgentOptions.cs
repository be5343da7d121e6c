namespace Caisey.Node.LocalAgent;

/// <summary><c>caisey.node.local-agent</c>: the node enrolls and runs a real agent for its own machine.</summary>
public sealed class LocalAgentOptions
{
    /// <summary>Default true, so that a new user can run a command right away.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The agent's data directory; empty means <c>{caisey.node.data-dir}/local-agent</c>.</summary>
    public string DataDir { get; set; } = "";

    /// <summary>The client group it enrolls into.</summary>
    public string ClientGroupId { get; set; } = "default";
}
