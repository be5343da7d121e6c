using Caisey.Node.Storage;

namespace Caisey.Node.Tenancy;

public sealed class ClientGroupStore(NodeDatabase database, TimeProvider time)
{
    public IReadOnlyList<ClientGroup> List() =>
        database.Query("SELECT id, name FROM client_groups ORDER BY name", r => new ClientGroup(r.GetString(0), r.GetString(1)));

    public ClientGroup? Find(string id) => List().FirstOrDefault(g => g.Id == id);

    /// <returns>The new group, or null when the name is taken.</returns>
    public ClientGroup? Create(string name)
    {
        var group = new ClientGroup("cg_" + Secrets.NewToken("")[..12], name);
        return database.Execute(
            "INSERT INTO client_groups (id, name, created_at) VALUES (@i, @n, @t) ON CONFLICT DO NOTHING",
            ("@i", group.Id), ("@n", name), ("@t", time.GetUtcNow())) == 1 ? group : null;
    }
}
