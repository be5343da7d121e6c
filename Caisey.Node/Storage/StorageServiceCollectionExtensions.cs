using Caisey.Node.Commands;
using Caisey.Node.Hosting;
using Caisey.Node.Transcripts;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The node's stores on the provider <paramref name="journal"/> names. Call before the features that start
    /// hosted services reading them (auth's bootstrap admin, the runtime): <see cref="NodeStorage"/> must start first.</summary>
    public static IServiceCollection AddNodeStorage(this IServiceCollection services, JournalSettings journal)
    {
        services.AddSingleton(sp => NodeStorage.Open(journal.Provider, journal.PostgresConnectionString,
            sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDir, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PostgresNotifications>>()));
        services.AddHostedService(sp => sp.GetRequiredService<NodeStorage>());
        services.AddSingleton(sp => sp.GetRequiredService<NodeStorage>().Node);
        if (string.Equals(journal.Provider, "postgres", StringComparison.OrdinalIgnoreCase))
            services.AddSingleton(sp => sp.GetRequiredService<NodeStorage>().Postgres!);
        services.AddSingleton(sp => new CommandOutputStore(sp.GetRequiredService<NodeStorage>().Output, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TranscriptStore(sp.GetRequiredService<NodeStorage>().Transcripts));
        return services;
    }
}
