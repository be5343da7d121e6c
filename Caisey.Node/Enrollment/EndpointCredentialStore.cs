using System.Globalization;
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
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO endpoint_credentials (endpoint_id, credential_hash, client_group_id, hostname, enrolled_at) VALUES ($e, $h, $g, $n, $t)";
        command.Parameters.AddWithValue("$e", endpointId);
        command.Parameters.AddWithValue("$h", Secrets.Hash(credential));
        command.Parameters.AddWithValue("$g", clientGroupId);
        command.Parameters.AddWithValue("$n", hostname);
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        return (endpointId, credential);
    }

    /// <summary>The endpoint that owns the credential, or null.</summary>
    public Registration? Authenticate(string credential)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT endpoint_id, client_group_id, hostname FROM endpoint_credentials WHERE credential_hash = $h";
        command.Parameters.AddWithValue("$h", Secrets.Hash(credential));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new Registration(reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public IReadOnlyList<Registration> All()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT endpoint_id, client_group_id, hostname FROM endpoint_credentials ORDER BY endpoint_id";
        using var reader = command.ExecuteReader();
        var all = new List<Registration>();
        while (reader.Read())
            all.Add(new Registration(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return all;
    }
}
