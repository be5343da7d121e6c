using System.Globalization;
using Caisey.Node.Storage;

namespace Caisey.Node.Tenancy;

public sealed class ClientGroupStore(NodeDatabase database, TimeProvider time)
{
    public IReadOnlyList<ClientGroup> List()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name FROM client_groups ORDER BY name";
        using var reader = command.ExecuteReader();
        var groups = new List<ClientGroup>();
        while (reader.Read())
            groups.Add(new ClientGroup(reader.GetString(0), reader.GetString(1)));
        return groups;
    }

    public ClientGroup? Find(string id) => List().FirstOrDefault(g => g.Id == id);

    /// <returns>The new group, or null when the name is taken.</returns>
    public ClientGroup? Create(string name)
    {
        var group = new ClientGroup("cg_" + Secrets.NewToken("")[..12], name);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO client_groups (id, name, created_at) VALUES ($i, $n, $t)";
        command.Parameters.AddWithValue("$i", group.Id);
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        return command.ExecuteNonQuery() == 1 ? group : null;
    }
}
