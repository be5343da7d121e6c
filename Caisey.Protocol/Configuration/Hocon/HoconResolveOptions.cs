namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>How substitutions are resolved.</summary>
public sealed class HoconResolveOptions
{
    /// <summary>Substitutions missing from the configuration fall back to process environment variables.</summary>
    public static HoconResolveOptions Default { get; } = new();

    /// <summary>Substitutions are resolved from the configuration alone.</summary>
    public static HoconResolveOptions WithoutEnvironment { get; } = new() { UseEnvironmentVariables = false };

    /// <summary>
    /// Whether <c>${X}</c> falls back to the environment variable <c>X</c> (the path's keys joined by '.')
    /// when no setting has that path. Default true.
    /// </summary>
    public bool UseEnvironmentVariables { get; init; } = true;

    /// <summary>Reads an environment variable; defaults to the process environment. Tests supply their own.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
