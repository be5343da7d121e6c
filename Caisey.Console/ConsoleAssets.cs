using System.Reflection;
using Microsoft.Extensions.FileProviders;

namespace Caisey.Console;

/// <summary>The console's own CSS and JavaScript (<c>wwwroot/</c>), embedded in this assembly and served under <see cref="Path"/>.</summary>
/// <remarks>Embedded rather than left to the static web assets manifest, so that the files are there however the node
/// runs (<c>dotnet run</c>, a published folder, an in-process test host) and whatever its environment.</remarks>
public static class ConsoleAssets
{
    public const string Path = "/assets";

    private static readonly Assembly Assembly = typeof(ConsoleAssets).Assembly;

    /// <summary>Changes with every build, so that a new node never serves a browser yesterday's script.</summary>
    private static readonly string Version = Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public static IFileProvider FileProvider { get; } = new EmbeddedFileProvider(Assembly, "Caisey.Console.wwwroot");

    /// <summary>The URL of an asset, e.g. <c>/assets/console.css?v=...</c>.</summary>
    public static string Url(string file) => $"{Path}/{file}?v={Version}";
}
