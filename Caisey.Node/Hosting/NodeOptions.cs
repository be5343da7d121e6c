namespace Caisey.Node.Hosting;

/// <summary>The node's own settings (<c>caisey.node</c> in HOCON).</summary>
public sealed class NodeOptions
{
    /// <summary>Where Kestrel listens (<c>caisey.node.urls</c>); semicolon-separated.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Directory for the node's SQLite files (<c>caisey.node.data-dir</c>).</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>This node's id in logs, health answers and the cluster (<c>caisey.node.node-id</c>).</summary>
    public string NodeId { get; set; } = "node-1";

    /// <summary>How long shutdown waits for in-flight work and the journal flush.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with these options, all at once (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Urls))
            errors.Add("caisey.node.urls must name at least one URL.");
        else
            foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                    errors.Add($"caisey.node.urls: '{url}' is not an http:// or https:// URL.");
        if (string.IsNullOrWhiteSpace(DataDir))
            errors.Add("caisey.node.data-dir must not be empty.");
        if (string.IsNullOrWhiteSpace(NodeId))
            errors.Add("caisey.node.node-id must not be empty.");
        if (ShutdownTimeout <= TimeSpan.Zero)
            errors.Add("caisey.node.shutdown-timeout must be positive.");
        return errors;
    }
}
