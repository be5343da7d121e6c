using System.Runtime.Versioning;
using Caisey.Agent.Enrollment;

namespace Caisey.Tests.Agent;

[UnsupportedOSPlatform("windows")]
public sealed class CredentialStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static AgentCredential Sample(string secret = "s3cret-credential") =>
        new(["https://node-1.example:5080", "https://node-2.example:5080"], "ep-42", secret, "AB12CD34");

    [Fact]
    public async Task Save_CreatesTheFileReadableAndWritableByTheOwnerOnly()
    {
        var store = new CredentialStore(Path.Combine(_dir.Path, "data"));

        await store.SaveAsync(Sample());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.Combine(_dir.Path, "data")));
    }

    [Fact]
    public async Task Save_ThenLoad_RoundTripsEveryField()
    {
        var store = new CredentialStore(_dir.Path);
        var saved = Sample();

        await store.SaveAsync(saved);
        var loaded = await new CredentialStore(_dir.Path).LoadAsync();

        Assert.NotNull(loaded);
        Assert.Equal(saved.ServerUrls, loaded.ServerUrls);
        Assert.Equal(saved with { ServerUrls = loaded.ServerUrls }, loaded);
        Assert.Contains("\"endpointId\": \"ep-42\"", await File.ReadAllTextAsync(store.FilePath));
    }

    [Fact]
    public async Task Save_Again_ReplacesTheFileAndLeavesNoTemporaryFiles()
    {
        var store = new CredentialStore(_dir.Path);

        await store.SaveAsync(Sample("first"));
        await store.SaveAsync(Sample("second"));

        Assert.Equal("second", (await store.LoadAsync())?.Credential);
        Assert.Equal([CredentialStore.FileName], Directory.GetFiles(_dir.Path).Select(Path.GetFileName));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
    }

    [Fact]
    public async Task Load_WhenNotEnrolled_ReturnsNull()
    {
        Assert.Null(await new CredentialStore(_dir.Path).LoadAsync());
    }

    [Fact]
    public async Task Load_ACorruptFile_ThrowsInvalidDataNamingTheFile()
    {
        var store = new CredentialStore(_dir.Path);
        await File.WriteAllTextAsync(store.FilePath, "{ \"endpointId\": ");

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync().AsTask());

        Assert.Contains(store.FilePath, e.Message);
    }

    [Fact]
    public void ToString_NeverShowsTheCredential()
    {
        var text = Sample("s3cret-credential").ToString();

        Assert.DoesNotContain("s3cret-credential", text);
        Assert.Contains("ep-42", text);
    }

    public void Dispose() => _dir.Dispose();
}
