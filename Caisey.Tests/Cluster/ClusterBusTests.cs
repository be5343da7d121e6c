using System.Text.Json;
using Caisey.Node.Cluster;
using Caisey.Node.Storage;
using Caisey.Tests.Runtime;
using Caisey.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caisey.Tests.Cluster;

/// <summary>The cluster bus on a real PostgreSQL: what one node publishes reaches the others, in order, large or small.</summary>
public sealed class ClusterBusTests
{
    [Fact]
    public async Task Messages_reach_the_other_nodes_in_order_never_their_sender_and_large_ones_travel_through_the_table()
    {
        await using var db = await PostgresServer.CreateDatabaseAsync();
        await using var database = new PostgresDatabase(db.ConnectionString);
        await using var a = new ClusterBus(database, "a", NullLogger<ClusterBus>.Instance);
        await using var b = new ClusterBus(database, "b", NullLogger<ClusterBus>.Instance);
        var secretA = await a.StartAsync(CancellationToken.None);
        var secretB = await b.StartAsync(CancellationToken.None);
        Assert.Equal(secretA, secretB); // one secret per cluster, whoever starts first creates it
        var atA = new List<BusMessage>();
        var atB = new List<BusMessage>();
        var allAtB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Received += m => { lock (atA) atA.Add(m); };
        b.Received += m =>
        {
            lock (atB)
            {
                atB.Add(m);
                if (atB.Count == 51)
                    allAtB.TrySetResult();
            }
        };

        for (var i = 0; i < 50; i++)
            a.Publish("n", JsonSerializer.SerializeToElement(i));
        var large = new string('x', 20_000); // over PostgreSQL's 8,000-byte NOTIFY limit
        a.Publish("large", JsonSerializer.SerializeToElement(large));

        await allAtB.Task.Within("51 messages from a to arrive at b");
        Assert.Equal(Enumerable.Range(0, 50), atB.Take(50).Select(m => m.Body!.Value.GetInt32()));
        Assert.All(atB, m => Assert.Equal("a", m.Origin));
        Assert.Equal(large, atB[50].Body!.Value.GetString());
        Assert.Empty(atA);
    }
}
