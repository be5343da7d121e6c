namespace Caisey.Bench.Bridge;

/// <summary>Writes a report to <c>bench/results/NAME.md</c> of the repository the bench runs in.</summary>
internal static class ResultsFile
{
    public static async Task WriteAsync(string name, string report)
    {
        System.Console.WriteLine(report);
        var results = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(results);
        var file = Path.Combine(results, name + ".md");
        await File.WriteAllTextAsync(file, report);
        System.Console.WriteLine($"written to {file}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Caisey.sln")))
                return dir.FullName;
        }

        return Environment.CurrentDirectory;
    }
}
