using System.Runtime.Versioning;
using Caisey.Agent.Bridge;
using Caisey.Agent.Enrollment;

namespace Caisey.Tests.Agent.Bridge;

[UnsupportedOSPlatform("windows")]
public sealed class EnrollmentTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = AgentHttp.Create(null);
    private ScriptedNode _node = null!;

    public async Task InitializeAsync() => _node = await ScriptedNode.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Enroll_SavesTheIssuedCredential_ReadableByTheOwnerOnly()
    {
        var store = new CredentialStore(_dir.File("data"));

        var credential = await new EnrollmentClient(_http).EnrollAsync(_node.Url, ScriptedNode.EnrollmentToken, null, store).Within("enrollment");
        Assert.Equal(ScriptedNode.EndpointId, credential.EndpointId);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        var saved = await store.LoadAsync();
        Assert.Equal(ScriptedNode.EndpointId, saved!.EndpointId);
        Assert.Equal(ScriptedNode.Credential, saved.Credential);
        Assert.Equal([_node.Url.ToString()], saved.ServerUrls);
        Assert.Null(saved.PinnedServerCertificateSha256);
    }

    [Fact]
    public async Task Enroll_WithAPin_StoresTheNormalizedPin()
    {
        var store = new CredentialStore(_dir.Path);
        var pin = string.Join(":", Enumerable.Repeat("ab", 32));

        await new EnrollmentClient(_http).EnrollAsync(_node.Url, ScriptedNode.EnrollmentToken, pin, store).Within("enrollment");

        Assert.Equal(string.Concat(Enumerable.Repeat("AB", 32)), (await store.LoadAsync())!.PinnedServerCertificateSha256);
    }

    [Fact]
    public async Task Enroll_WithABadToken_FailsWithTheNodesDetail_AndSavesNothing()
    {
        var store = new CredentialStore(_dir.Path);

        var error = await Assert.ThrowsAsync<EnrollmentException>(() => new EnrollmentClient(_http).EnrollAsync(_node.Url, "nope", null, store));

        Assert.Contains("HTTP 401", error.Message);
        Assert.Contains("unknown, expired or used up", error.Message);
        Assert.False(store.Exists);
    }

    [Fact]
    public async Task Enroll_AgainstNothing_SaysTheNodeCouldNotBeReached()
    {
        var error = await Assert.ThrowsAsync<EnrollmentException>(() =>
            new EnrollmentClient(_http).EnrollAsync(new Uri("http://127.0.0.1:1/"), ScriptedNode.EnrollmentToken, null, new CredentialStore(_dir.Path)));

        Assert.Contains("Could not reach the node", error.Message);
    }
}
