namespace Caisey.Tests;

/// <summary>
/// Where the real programs are built: each project's own output folder (same configuration as the tests), so a
/// process test runs a program exactly as it ships, with its own deps and runtime config.
/// </summary>
public static class TestBinaries
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Agent => Project("Caisey.Agent");

    public static string Node => Project("Caisey.Node");

    private static string Project(string name)
    {
        // AppContext.BaseDirectory is .../Caisey.Tests/bin/<Configuration>/<tfm>/
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepoRoot, name, "bin", tfmDir.Parent!.Name, tfmDir.Name, name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"'{name}' is not built at {path}; build the solution first.", path);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Caisey.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("Caisey.sln was not found above " + AppContext.BaseDirectory);
    }
}
