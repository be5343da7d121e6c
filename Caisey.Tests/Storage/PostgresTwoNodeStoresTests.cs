using Caisey.Node.Approvals;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.Enrollment;
using Caisey.Node.Storage;
using Caisey.Tests.Runtime;
using Caisey.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caisey.Tests.Storage;

/// <summary>Two nodes (two <see cref="NodeStorage"/> instances, each with its own pool and listener) on one PostgreSQL
/// database: what one node writes, the other sees at once.</summary>
public sealed class PostgresTwoNodeStoresTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private TestDatabase? _database;
    private NodeStorage? _a;
    private NodeStorage? _b;

    private NodeStorage A => _a!;

    private NodeStorage B => _b!;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        _a = await StartAsync(_database.ConnectionString);
        _b = await StartAsync(_database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _a, _b })
        {
            if (node is null)
                continue;
            await node.StopAsync(CancellationToken.None);
            await node.DisposeAsync();
        }
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [Fact]
    public void User_CreatedOnOneNode_LogsInOnTheOther_WithATokenThatWorksOnBoth_UntilRevokedOnEither()
    {
        var usersA = new UserStore(A.Node, _time);
        var usersB = new UserStore(B.Node, _time);
        var tokensA = new ApiTokenStore(A.Node, _time);
        var tokensB = new ApiTokenStore(B.Node, _time);
        Assert.True(usersA.Create("Alice", "pw", Roles.Technician, ["cg_1"]));

        Assert.False(usersB.Create("alice", "other", Roles.Admin, []));
        Assert.Equal("Alice", usersB.Verify("ALICE", "pw")?.Username);
        var (token, _) = tokensB.Issue("Alice", TimeSpan.FromHours(1));
        Assert.Equal("Alice", tokensA.Validate(token)?.Username);
        Assert.Equal("Alice", tokensB.Validate(token)?.Username);

        // B read the token a moment ago; A's revocation holds on B at once (no node keeps a token in memory here).
        Assert.True(tokensA.Revoke(token));
        Assert.Null(tokensB.Validate(token));
    }

    [Fact]
    public void AgentEnrolledThroughOneNode_AuthenticatesOnTheOther_AndTheTokensUsesAreShared()
    {
        var enrollmentA = new EnrollmentTokenStore(A.Node, _time);
        var enrollmentB = new EnrollmentTokenStore(B.Node, _time);
        var (token, _) = enrollmentA.Issue("cg_a", maxUses: 3, TimeSpan.FromHours(1), "admin");

        var spent = Enumerable.Range(0, 10).AsParallel().Select(i => (i % 2 == 0 ? enrollmentA : enrollmentB).TryConsume(token)).ToList();
        Assert.Equal(3, spent.Count(g => g == "cg_a"));

        var (endpointId, credential) = new EndpointCredentialStore(A.Node, _time).Register("cg_a", "host-1");
        Assert.Equal(endpointId, new EndpointCredentialStore(B.Node, _time).Authenticate(credential)?.EndpointId);
    }

    [Fact]
    public async Task Output_AppendedOnOneNode_IsReadOnTheOther_AndWakesItsFollower()
    {
        using var outputA = new CommandOutputStore(A.Output, _time);
        using var outputB = new CommandOutputStore(B.Output, _time);
        await outputA.AppendAsync(new OutputChunkRecord("cmd_1", 0, "stdout", "hello "));
        Assert.Equal("hello ", outputB.ReadText("cmd_1"));
        Assert.False(await outputB.AppendAsync(new OutputChunkRecord("cmd_1", 0, "stdout", "resent")));

        await using var follow = outputB.FollowAsync("cmd_1", () => false).GetAsyncEnumerator();
        Assert.True(await follow.MoveNextAsync());
        var next = follow.MoveNextAsync().AsTask();
        await outputA.AppendAsync(new OutputChunkRecord("cmd_1", 1, "stdout", "world"));

        // The fake clock never reaches the follower's one-second re-check: only the other node's notification wakes it.
        Assert.True(await next.Within("node B's follower to be woken by node A's append"));
        Assert.Equal("world", follow.Current.Data);
    }

    [Fact]
    public async Task ApprovalPolicy_CachedOnOneNode_IsDroppedWhenTheOtherChangesIt()
    {
        var policiesA = new ApprovalPolicyStore(A.Node, _time);
        var policiesB = new ApprovalPolicyStore(B.Node, _time);
        var scope = ApprovalPolicyStore.GroupScope("cg_a");
        policiesA.Set(scope, ApprovalPolicy.Notify, "admin");
        Assert.Equal(ApprovalPolicy.Notify, policiesB.Get(scope)); // now cached on B

        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        policiesB.Invalidated += s => { if (s == scope) dropped.TrySetResult(); };
        policiesA.Set(scope, ApprovalPolicy.RequireConsent, "admin");
        await dropped.Task.Within("node B to hear that node A changed the policy");
        Assert.Equal(ApprovalPolicy.RequireConsent, policiesB.Get(scope));
        Assert.Equal(ApprovalPolicy.RequireConsent, policiesB.Effective("ep_1", "cg_a"));
    }

    [Fact]
    public async Task ApprovalPolicy_IsNotCached_WhileTheNodeIsNotListening()
    {
        var policiesA = new ApprovalPolicyStore(A.Node, _time);
        var policiesB = new ApprovalPolicyStore(B.Node, _time);
        var scope = ApprovalPolicyStore.EndpointScope("ep_1");
        policiesA.Set(scope, ApprovalPolicy.Notify, "admin");
        await B.StopAsync(CancellationToken.None);
        Assert.False(B.Notifications!.IsListening);

        Assert.Equal(ApprovalPolicy.Notify, policiesB.Get(scope));
        policiesA.Set(scope, ApprovalPolicy.RequireConsent, "admin"); // B cannot hear this one
        Assert.Equal(ApprovalPolicy.RequireConsent, policiesB.Get(scope));
    }

    private async Task<NodeStorage> StartAsync(string connectionString)
    {
        var storage = NodeStorage.OnPostgres(connectionString, _time, NullLogger<PostgresNotifications>.Instance);
        await storage.StartAsync(CancellationToken.None);
        await storage.Notifications!.Listening.Within("the node to listen for other nodes' changes");
        return storage;
    }
}
