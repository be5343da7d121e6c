using System.Globalization;
using Caisey.Node.Storage;

namespace Caisey.Node.Approvals;

/// <summary>Stored approval policies (node.db): <c>group:ID</c> and <c>endpoint:ID</c> scopes.</summary>
/// <remarks>Read on every submit and dispatch, so reads are served from memory; this node is the only writer.</remarks>
public sealed class ApprovalPolicyStore(NodeDatabase database, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string?> _cache = new(StringComparer.Ordinal);

    public static string GroupScope(string clientGroupId) => "group:" + clientGroupId;

    public static string EndpointScope(string endpointId) => "endpoint:" + endpointId;

    /// <summary>Sets the policy of a scope; null removes it (a machine then follows its group; a group, none).</summary>
    public void Set(string scope, string? policy, string setBy)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        if (policy is null)
        {
            command.CommandText = "DELETE FROM approval_policies WHERE scope = $s";
        }
        else
        {
            command.CommandText = "INSERT INTO approval_policies (scope, policy, set_by, set_at) VALUES ($s, $p, $b, $t) " +
                                  "ON CONFLICT (scope) DO UPDATE SET policy = $p, set_by = $b, set_at = $t";
            command.Parameters.AddWithValue("$p", policy);
            command.Parameters.AddWithValue("$b", setBy);
            command.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }
        command.Parameters.AddWithValue("$s", scope);
        command.ExecuteNonQuery();
        _cache[scope] = policy;
    }

    public string? Get(string scope) => _cache.GetOrAdd(scope, Load);

    private string? Load(string scope)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT policy FROM approval_policies WHERE scope = $s";
        command.Parameters.AddWithValue("$s", scope);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The machine's own policy, else its group's, else <see cref="ApprovalPolicy.None"/>.</summary>
    public string Effective(string endpointId, string? clientGroupId) =>
        Get(EndpointScope(endpointId)) ?? (clientGroupId is null ? null : Get(GroupScope(clientGroupId))) ?? ApprovalPolicy.None;
}
