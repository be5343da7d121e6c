namespace Caisey.Tests.Configuration;

/// <summary>Finds the repository root (the directory holding Caisey.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Hocon(string file) => Path.Combine(Root, "hocon", file);

    public static string SharedConformance => Path.GetFullPath(Path.Combine(Root, "..", "shared", "conformance", "hocon"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caisey.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Caisey.sln not found above {AppContext.BaseDirectory}");
    }
}
