using Caisey.Node.Storage;

namespace Caisey.Node.Enrollment;

/// <summary>Per-endpoint agent credentials, stored as SHA-256 hashes; the plain credential exists only on the agent.</summary>
public sealed class EndpointCredentialStore(NodeDatabase database, TimeProvider time)
{
    public sealed record Registration(string EndpointId, string ClientGroupId, string Hostname);

    public (string EndpointId, string Credential) Register(string clientGroupId, string hostname)
    {
        var endpointId = "ep_" + Secrets.NewToken("")[..16];
        var credential = Secrets.NewToken("cac_");
        database.Execute(
            "INSERT INTO endpoint_credentials (endpoint_id, credential_hash, client_group_id, hostname, enrolled_at) VALUES (@e, @h, @g, @n, @t)",
            ("@e", endpointId), ("@h", Secrets.Hash(credential)), ("@g", clientGroupId), ("@n", hostname), ("@t", time.GetUtcNow()));
        return (endpointId, credential);
    }

    /// <summary>The endpoint that owns the credential, or null.</summary>
    public Registration? Authenticate(string credential) => database.Query(
        "SELECT endpoint_id, client_group_id, hostname FROM endpoint_credentials WHERE credential_hash = @h",
        Read, ("@h", Secrets.Hash(credential))).FirstOrDefault();

    public IReadOnlyList<Registration> All() =>
        database.Query("SELECT endpoint_id, client_group_id, hostname FROM endpoint_credentials ORDER BY endpoint_id", Read);

    private static Registration Read(System.Data.Common.DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2));
}
