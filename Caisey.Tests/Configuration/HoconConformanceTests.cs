using System.Text.Json.Nodes;
using Caisey.Protocol.Configuration.Hocon;

namespace Caisey.Tests.Configuration;

/// <summary>
/// lightbend/config's equivalence fixtures: every file in a directory, parsed as HOCON and resolved
/// without environment fallback, equals that directory's original.json.
/// </summary>
public sealed class HoconConformanceTests
{
    public static TheoryData<string, string> Fixtures()
    {
        var root = RepositoryPaths.SharedConformance;
        var data = new TheoryData<string, string>();
        if (!Directory.Exists(root))
        {
            // A missing fixture folder must fail the run, not produce zero cases.
            data.Add("<missing>", root);
            return data;
        }

        foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(file) != "original.json")
                {
                    data.Add(Path.GetFileName(directory), Path.GetFileName(file));
                }
            }
        }

        return data;
    }

    [Fact]
    public void Fixtures_AreFoundInSharedFolder()
    {
        Assert.True(Directory.Exists(RepositoryPaths.SharedConformance), $"HOCON conformance fixtures missing: {RepositoryPaths.SharedConformance}");
        Assert.True(Fixtures().Count >= 10, $"expected at least 10 fixture files under {RepositoryPaths.SharedConformance}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_ResolvesToOriginalJson(string directory, string file)
    {
        var folder = Path.Combine(RepositoryPaths.SharedConformance, directory);
        Assert.True(File.Exists(Path.Combine(folder, file)), $"fixture {Path.Combine(folder, file)} does not exist");

        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "original.json")));
        var resolved = HoconDocument.Load(Path.Combine(folder, file)).Resolve(HoconResolveOptions.WithoutEnvironment);
        var actual = JsonNode.Parse(resolved.ToJson());

        Assert.True(JsonNode.DeepEquals(expected, actual), $"{directory}/{file} rendered {resolved.ToJson(indented: false)}");
    }
}
