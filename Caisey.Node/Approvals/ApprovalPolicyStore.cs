using System.Collections.Concurrent;
using Caisey.Node.Storage;

namespace Caisey.Node.Approvals;

/// <summary>Stored approval policies (node database): <c>group:ID</c> and <c>endpoint:ID</c> scopes.</summary>
/// <remarks>
/// Read on every submit and dispatch, so reads are served from memory. On SQLite this node is the only writer. On
/// PostgreSQL every change is announced to all nodes (<see cref="PostgresNotifications"/>), which drop the scope from
/// their cache; while a node is not listening it reads through, so no node serves a policy another node replaced.
/// </remarks>
public sealed class ApprovalPolicyStore
{
    private const string Topic = "approval_policies";

    private readonly ConcurrentDictionary<string, string?> _cache = new(StringComparer.Ordinal);
    private readonly NodeDatabase _database;
    private readonly TimeProvider _time;
    private long _generation;

    public ApprovalPolicyStore(NodeDatabase database, TimeProvider time)
    {
        (_database, _time) = (database, time);
        database.Notifications?.Subscribe(Topic, Forget, ForgetAll);
    }

    /// <summary>Raised after a change announced by any node (this one included) dropped a scope from the cache.</summary>
    public event Action<string>? Invalidated;

    public static string GroupScope(string clientGroupId) => "group:" + clientGroupId;

    public static string EndpointScope(string endpointId) => "endpoint:" + endpointId;

    /// <summary>Sets the policy of a scope; null removes it (a machine then follows its group; a group, none).</summary>
    public void Set(string scope, string? policy, string setBy)
    {
        if (policy is null)
            _database.Execute("DELETE FROM approval_policies WHERE scope = @s", ("@s", scope));
        else
            _database.Execute(
                "INSERT INTO approval_policies (scope, policy, set_by, set_at) VALUES (@s, @p, @b, @t) " +
                "ON CONFLICT (scope) DO UPDATE SET policy = EXCLUDED.policy, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at",
                ("@s", scope), ("@p", policy), ("@b", setBy), ("@t", _time.GetUtcNow()));
        if (_database.Notifications is null)
        {
            _cache[scope] = policy;
            return;
        }
        Drop(scope);
        _database.Notify(Topic, scope);
    }

    public string? Get(string scope)
    {
        if (_cache.TryGetValue(scope, out var cached))
            return cached;
        var generation = Interlocked.Read(ref _generation);
        var policy = Load(scope);
        if (_database.Notifications is { IsListening: false })
            return policy; // a change made now would go unheard: do not keep it
        _cache.TryAdd(scope, policy);
        if (Interlocked.Read(ref _generation) != generation)
            _cache.TryRemove(scope, out _); // a change was announced while loading: what was read may be older
        return policy;
    }

    /// <summary>The machine's own policy, else its group's, else <see cref="ApprovalPolicy.None"/>.</summary>
    public string Effective(string endpointId, string? clientGroupId) =>
        Get(EndpointScope(endpointId)) ?? (clientGroupId is null ? null : Get(GroupScope(clientGroupId))) ?? ApprovalPolicy.None;

    private string? Load(string scope) =>
        _database.Scalar("SELECT policy FROM approval_policies WHERE scope = @s", ("@s", scope)) as string;

    private void Forget(string scope)
    {
        Drop(scope);
        Invalidated?.Invoke(scope);
    }

    private void Drop(string scope)
    {
        Interlocked.Increment(ref _generation);
        _cache.TryRemove(scope, out _);
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _cache.Clear();
    }
}
