namespace Caisey.Protocol.Configuration.Hocon;

/// <summary>
/// What the parser needs to know about the text it reads: its name for messages, the directory that
/// relative includes start from, the path it is included at, and the chain of files including it.
/// </summary>
internal sealed record HoconParseContext(string SourceName, string? Directory, HoconPath Prefix, IReadOnlyList<string> IncludeChain)
{
    public static HoconParseContext ForText(string sourceName, string? directory) => new(sourceName, directory, HoconPath.Empty, []);

    public static HoconParseContext ForFile(string path) =>
        new(path, System.IO.Path.GetDirectoryName(path), HoconPath.Empty, [System.IO.Path.GetFullPath(path)]);
}
