namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// Parsed, not yet resolved HOCON: includes are read and duplicate keys merged, substitutions wait.
/// Layer documents with <see cref="WithOverrides"/>, then <see cref="Resolve"/> once, so a
/// substitution sees the final value of what it refers to.
/// </summary>
public sealed class HoconDocument
{
    private readonly HoconObject _root;

    private HoconDocument(HoconObject root) => _root = root;

    /// <summary>A document with no settings.</summary>
    public static HoconDocument Empty { get; } = new(HoconObject.Empty);

    /// <summary>Parses HOCON text. <paramref name="sourceName"/> names it in error messages.</summary>
    /// <param name="includeDirectory">Where relative includes are looked for; default the current directory.</param>
    public static HoconDocument Parse(string text, string sourceName = "<string>", string? includeDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(HoconParser.Parse(text, HoconParseContext.ForText(sourceName, includeDirectory)));
    }

    /// <summary>Parses a HOCON (or JSON) file; its includes are relative to its directory.</summary>
    public static HoconDocument Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new HoconException($"{path}: configuration file not found (looked for {Path.GetFullPath(path)})");
        }

        return new(HoconParser.Parse(File.ReadAllText(path), HoconParseContext.ForFile(path)));
    }

    /// <summary>This document with <paramref name="overrides"/> written after it: its objects merge in, other values replace.</summary>
    public HoconDocument WithOverrides(HoconDocument overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return new(HoconMerge.MergeObjects(_root, overrides._root));
    }

    /// <summary>Resolves every substitution against the whole document.</summary>
    /// <exception cref="HoconException">A substitution cannot be resolved, forms a cycle, or joins incompatible values.</exception>
    public HoconObject Resolve(HoconResolveOptions? options = null) =>
        HoconResolver.Resolve(_root, options ?? HoconResolveOptions.Default);

    internal static HoconDocument FromRoot(HoconObject root) => new(root);
}
