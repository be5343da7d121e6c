using Caisey.Node.Approvals;
using Caisey.Node.Auth;
using Caisey.Node.Commands;
using Caisey.Node.Enrollment;
using Caisey.Node.Storage;
using Caisey.Node.Tenancy;
using Caisey.Node.Transcripts;
using Caisey.Tests.Runtime;

namespace Caisey.Tests.Storage;

/// <summary>
/// The node's stores (users, API and enrollment tokens, endpoint credentials, client groups, approval policies,
/// transcripts, command output), one suite run against each provider: <see cref="SqliteNodeStoresSpec"/> and
/// <see cref="PostgresNodeStoresSpec"/>.
/// </summary>
public abstract partial class NodeStoresSpec : IAsyncLifetime
{
    private NodeStorage? _storage;

    protected FakeTimeProvider Time { get; } = new();

    protected NodeStorage Storage => _storage ?? throw new InvalidOperationException("not initialized");

    /// <summary>A fresh, started storage (migrated, listening).</summary>
    protected abstract Task<NodeStorage> OpenAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _storage = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.StopAsync(CancellationToken.None);
            await _storage.DisposeAsync();
        }
        await CleanUpAsync();
    }

    private UserStore Users => new(Storage.Node, Time);

    [Fact]
    public void Users_AreCaseInsensitive_KeepTheirSpelling_AndAreTakenOnce()
    {
        Assert.False(Users.Any());
        Assert.True(Users.Create("Alice", "correct horse", Roles.Technician, ["cg_1", "cg_2"]));
        Assert.False(Users.Create("ALICE", "another", Roles.Admin, []));
        Assert.True(Users.Create("bob", "pw", Roles.Admin, []));

        Assert.True(Users.Any());
        var alice = Users.Find("aLiCe");
        Assert.NotNull(alice);
        Assert.Equal("Alice", alice.Username);
        Assert.Equal(Roles.Technician, alice.Role);
        Assert.Equal(["cg_1", "cg_2"], alice.ClientGroupIds);
        Assert.Equal(["Alice", "bob"], Users.List().Select(u => u.Username));
    }

    [Fact]
    public void Verify_AcceptsTheRightPasswordInAnyCase_OfTheName_AndRefusesWrongOrUnknown()
    {
        Users.Create("Alice", "correct horse", Roles.Technician, []);

        Assert.Equal("Alice", Users.Verify("alice", "correct horse")?.Username);
        Assert.Null(Users.Verify("Alice", "Correct horse"));
        Assert.Null(Users.Verify("mallory", "correct horse"));
    }

    [Fact]
    public void ApiToken_ValidatesUntilItExpires_OrIsRevoked()
    {
        Users.Create("alice", "pw", Roles.Admin, []);
        var tokens = new ApiTokenStore(Storage.Node, Time);
        var (token, expiresAt) = tokens.Issue("alice", TimeSpan.FromHours(1));
        var (other, _) = tokens.Issue("alice", TimeSpan.FromHours(1));

        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromHours(1), expiresAt);
        Assert.Equal("alice", tokens.Validate(token)?.Username);
        Assert.Null(tokens.Validate(token + "x"));

        Assert.True(tokens.Revoke(token));
        Assert.Null(tokens.Validate(token));
        Assert.False(tokens.Revoke("cst_unknown"));

        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(tokens.Validate(other));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(tokens.Validate(other));
    }

    /// <summary>True where this node is the only writer of its tokens (SQLite): a live token is then kept in memory.</summary>
    protected abstract bool KeepsTokensInMemory { get; }

    [Fact]
    public void ApiToken_IsKeptInMemoryOnlyWhereThisNodeIsTheOnlyWriter_AndARevocationDropsItAtOnce()
    {
        Users.Create("alice", "pw", Roles.Admin, []);
        var tokens = new ApiTokenStore(Storage.Node, Time);
        var (token, _) = tokens.Issue("alice", TimeSpan.FromHours(1));

        Assert.Equal("alice", tokens.Validate(token)?.Username);
        Assert.Equal(KeepsTokensInMemory ? 1 : 0, tokens.CachedCount);
        Assert.Equal("alice", tokens.Validate(token)?.Username);
        Assert.Null(tokens.Validate(token + "x"));
        Assert.Equal(KeepsTokensInMemory ? 1 : 0, tokens.CachedCount); // an unknown token is never kept

        Assert.True(tokens.Revoke(token));
        Assert.Equal(0, tokens.CachedCount);
        Assert.Null(tokens.Validate(token));
        Assert.Equal(0, tokens.CachedCount);
    }

    [Fact]
    public void EnrollmentToken_IsSpentUpToItsUses_AndNotAfterItExpires()
    {
        var enrollment = new EnrollmentTokenStore(Storage.Node, Time);
        var (twice, _) = enrollment.Issue("cg_a", maxUses: 2, TimeSpan.FromHours(1), "admin");
        var (expiring, _) = enrollment.Issue("cg_b", maxUses: 5, TimeSpan.FromMinutes(10), "admin");

        Assert.Equal("cg_a", enrollment.TryConsume(twice));
        Assert.Equal("cg_a", enrollment.TryConsume(twice));
        Assert.Null(enrollment.TryConsume(twice));
        Assert.Null(enrollment.TryConsume("cet_unknown"));

        Assert.Equal("cg_b", enrollment.TryConsume(expiring));
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(enrollment.TryConsume(expiring));
    }

    [Fact]
    public void EndpointCredential_AuthenticatesItsEndpoint_AndIsListed()
    {
        var credentials = new EndpointCredentialStore(Storage.Node, Time);
        var (first, credential) = credentials.Register("cg_a", "host-1");
        var (second, _) = credentials.Register("cg_b", "host-2");

        Assert.Equal(new EndpointCredentialStore.Registration(first, "cg_a", "host-1"), credentials.Authenticate(credential));
        Assert.Null(credentials.Authenticate("cac_unknown"));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), credentials.All().Select(r => r.EndpointId));
    }

    [Fact]
    public void ClientGroups_StartWithDefault_AndNamesAreUnique()
    {
        var groups = new ClientGroupStore(Storage.Node, Time);
        Assert.Equal([new ClientGroup("default", "default")], groups.List());

        var acme = groups.Create("acme");
        Assert.NotNull(acme);
        Assert.Null(groups.Create("acme"));
        Assert.Equal(acme, groups.Find(acme.Id));
        Assert.Equal(["acme", "default"], groups.List().Select(g => g.Name));
    }

    [Fact]
    public void ApprovalPolicy_MachineOverridesGroup_AndRemovingFallsBack()
    {
        var policies = new ApprovalPolicyStore(Storage.Node, Time);
        Assert.Equal(ApprovalPolicy.None, policies.Effective("ep_1", "cg_a"));

        policies.Set(ApprovalPolicyStore.GroupScope("cg_a"), ApprovalPolicy.Notify, "admin");
        Assert.Equal(ApprovalPolicy.Notify, policies.Effective("ep_1", "cg_a"));
        policies.Set(ApprovalPolicyStore.EndpointScope("ep_1"), ApprovalPolicy.RequireConsent, "admin");
        policies.Set(ApprovalPolicyStore.GroupScope("cg_a"), ApprovalPolicy.RequireConsent, "admin");
        policies.Set(ApprovalPolicyStore.EndpointScope("ep_1"), ApprovalPolicy.Notify, "admin");
        Assert.Equal(ApprovalPolicy.Notify, policies.Effective("ep_1", "cg_a"));

        policies.Set(ApprovalPolicyStore.EndpointScope("ep_1"), null, "admin");
        Assert.Equal(ApprovalPolicy.RequireConsent, policies.Effective("ep_1", "cg_a"));
        Assert.Equal(ApprovalPolicy.RequireConsent, new ApprovalPolicyStore(Storage.Node, Time).Effective("ep_1", "cg_a"));
    }

    [Fact]
    public void Transcript_RoundTripsItsWindowAndRedactions_AndItsShareWorksUntilRevokedOrExpired()
    {
        var store = new TranscriptStore(Storage.Transcripts);
        var created = Time.GetUtcNow();
        store.Create(new TranscriptDraft("tr_1", "ep_1", "alice", created, null, null, [new Redaction(Pattern: "secret")]));
        var draft = store.Find("tr_1")!;
        Assert.Equal(("ep_1", "alice", created), (draft.EndpointId, draft.CreatedBy, draft.CreatedAt));
        Assert.Null(draft.From);
        Assert.Null(draft.To);
        Assert.Null(draft.PublishedAt);
        Assert.Equal([new Redaction(Pattern: "secret")], draft.Redactions);

        var (from, to) = (created.AddHours(-2), created.AddHours(-1));
        store.Update("tr_1", from, to, [new Redaction("cmd_1", 3)]);
        var updated = store.Find("tr_1")!;
        Assert.Equal((from, to), (updated.From, updated.To));
        Assert.Equal([new Redaction("cmd_1", 3)], updated.Redactions);

        var shared = new SharedTranscript("host-1", from, to, created, created.AddDays(7), []);
        store.Publish("tr_1", "share-token", shared);
        Assert.Equal((created, created.AddDays(7)), (store.Find("tr_1")!.PublishedAt, store.Find("tr_1")!.ShareExpiresAt));
        Assert.Contains("host-1", store.FindShared("share-token", created), StringComparison.Ordinal);
        Assert.Null(store.FindShared("share-token", created.AddDays(7)));
        Assert.Null(store.FindShared("other-token", created));

        Assert.True(store.Revoke("tr_1"));
        Assert.False(store.Revoke("tr_1"));
        Assert.Null(store.FindShared("share-token", created));
        Assert.Null(store.Find("tr_2"));
    }

    [Fact]
    public async Task Output_IsStoredOncePerSeq_InOrder_AndReadAfterASeq()
    {
        using var output = new CommandOutputStore(Storage.Output, Time);
        Assert.True(await output.AppendAsync(new OutputChunkRecord("cmd_1", 1, "stderr", "world\n")));
        Assert.True(await output.AppendAsync(new OutputChunkRecord("cmd_1", 0, "stdout", "hello ")));
        Assert.False(await output.AppendAsync(new OutputChunkRecord("cmd_1", 0, "stdout", "resent")));
        Assert.True(await output.AppendAsync(new OutputChunkRecord("cmd_2", 0, "stdout", "other")));

        Assert.Equal("hello world\n", output.ReadText("cmd_1"));
        Assert.Equal([new OutputChunkRecord("cmd_1", 1, "stderr", "world\n")], output.Read("cmd_1", afterSeq: 0));
        Assert.Empty(output.Read("cmd_3"));
    }

    [Fact]
    public async Task Output_Follower_IsWokenByAnAppend_AndEndsWhenTheCommandIsDone()
    {
        using var output = new CommandOutputStore(Storage.Output, Time);
        await output.AppendAsync(new OutputChunkRecord("cmd_1", 0, "stdout", "a"));
        var done = false;
        await using var follow = output.FollowAsync("cmd_1", () => Volatile.Read(ref done)).GetAsyncEnumerator();

        Assert.True(await follow.MoveNextAsync());
        Assert.Equal("a", follow.Current.Data);
        var next = follow.MoveNextAsync().AsTask();
        await output.AppendAsync(new OutputChunkRecord("cmd_1", 1, "stdout", "b"));
        Assert.True(await next.Within("the follower to yield the appended chunk"));
        Assert.Equal("b", follow.Current.Data);

        Volatile.Write(ref done, true);
        var end = follow.MoveNextAsync().AsTask();
        output.Signal("cmd_1");
        Assert.False(await end.Within("the follower to end once the command is done"));
    }
}
