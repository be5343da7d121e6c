namespace Caisey.Agent.Bridge;

/// <summary>
/// The node does not own this endpoint's shard and named the node that does (HTTP 421 with the owner's URL on the
/// bridge request): connect there next, without counting a failure.
/// </summary>
public sealed class BridgeRedirectException : Exception
{
    public BridgeRedirectException(Uri serverUrl)
        : base($"Redirected to the node that owns this endpoint: {serverUrl}") => ServerUrl = serverUrl;

    public BridgeRedirectException() => ServerUrl = new Uri("http://127.0.0.1/");

    public BridgeRedirectException(string message) : base(message) => ServerUrl = new Uri("http://127.0.0.1/");

    public BridgeRedirectException(string message, Exception innerException) : base(message, innerException) => ServerUrl = new Uri("http://127.0.0.1/");

    public Uri ServerUrl { get; }

    /// <summary>The node base URL a redirect names (a base URL, or one pointing at an <c>agent/v1/</c> path); null when unusable.</summary>
    public static Uri? ServerFrom(Uri requested, string? location)
    {
        if (string.IsNullOrWhiteSpace(location) || !Uri.TryCreate(requested, location, out var target)
            || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps && target.Scheme != "ws" && target.Scheme != "wss"))
            return null;
        var path = target.AbsolutePath;
        var cut = path.IndexOf("agent/v1/", StringComparison.Ordinal);
        var basePath = cut >= 0 ? path[..cut] : "/";
        var scheme = target.Scheme switch { "ws" => Uri.UriSchemeHttp, "wss" => Uri.UriSchemeHttps, _ => target.Scheme };
        return new UriBuilder(scheme, target.Host, target.Port, basePath).Uri;
    }
}
