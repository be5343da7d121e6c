using System.Runtime.Versioning;
using Caisey.Agent.Enrollment;
using Caisey.Protocol.Frames;

namespace Caisey.Tests.Agent.Bridge;

/// <summary>End to end with the real agent binary: enroll, status, run, a command executed once.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AgentProcessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ScriptedNode _node = null!;

    public async Task InitializeAsync() => _node = await ScriptedNode.StartAsync();

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    private string DataDir => _dir.File("agent-data");

    [Fact]
    public async Task EnrollThenRun_TheRealAgentChecksIn_AndRunsAQueuedCommandOnce()
    {
        var (enrolled, enrollOutput) = await AgentProcess.RunAsync("enroll", "--server", _node.Url.ToString(), "--token", ScriptedNode.EnrollmentToken, "--data-dir", DataDir);
        Assert.True(enrolled == 0, $"enroll exited {enrolled}: {enrollOutput}");
        Assert.Contains(ScriptedNode.EndpointId, enrollOutput);
        Assert.DoesNotContain(ScriptedNode.Credential, enrollOutput);
        var credentialFile = Path.Combine(DataDir, CredentialStore.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentialFile));

        var sideEffect = _dir.File("side-effect");
        using (var agent = AgentProcess.Start("run", "--data-dir", DataDir, "--set", "caisey.agent.reconnect.min=50ms"))
        {
            await _node.WaitForFrameAsync(f => f is CheckIn, "the real agent's first check-in", TimeSpan.FromSeconds(30));
            _node.QueueCommand("cmd-e2e", $"echo ran >> '{sideEffect}'; echo from the real agent");
            var finished = (CommandFinished)await _node.WaitForFrameAsync(f => f is CommandFinished { CommandId: "cmd-e2e" }, "the command to finish on the real agent", TimeSpan.FromSeconds(30));

            Assert.Equal(0, finished.ExitCode);
            Assert.Contains(_node.ReceivedOf<OutputChunk>(), c => c.Data == "from the real agent\n");
            Assert.DoesNotContain(ScriptedNode.Credential, agent.Output);
        }
        Assert.Equal(["ran"], await File.ReadAllLinesAsync(sideEffect));

        var (status, statusOutput) = await AgentProcess.RunAsync("status", "--data-dir", DataDir);
        Assert.Equal(0, status);
        Assert.Contains("enrolled: yes", statusOutput);
        Assert.Contains($"endpoint: {ScriptedNode.EndpointId}", statusOutput);
        Assert.Contains("last transport: websocket ", statusOutput);
    }

    [Fact]
    public async Task Run_WhenNotEnrolled_ExitsWithAClearMessage()
    {
        var (exitCode, output) = await AgentProcess.RunAsync("run", "--data-dir", DataDir);

        Assert.Equal(1, exitCode);
        Assert.Contains("not enrolled", output);
        Assert.Contains("enroll --server", output);
    }

    [Fact]
    public async Task Enroll_WithABadToken_ExitsOneWithTheNodesReason()
    {
        var (exitCode, output) = await AgentProcess.RunAsync("enroll", "--server", _node.Url.ToString(), "--token", "bad-token", "--data-dir", DataDir);

        Assert.Equal(1, exitCode);
        Assert.Contains("enrollment failed", output);
        Assert.Contains("unknown, expired or used up", output);
        Assert.False(File.Exists(Path.Combine(DataDir, CredentialStore.FileName)));
    }
}
