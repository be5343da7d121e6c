using Caisey.Node.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Caisey.Node.Transcripts;

/// <summary>Transcript shares: services with <see cref="AddTranscripts"/> (needs the audit log and the API's read model;
/// the store itself comes from <c>AddNodeStorage</c> when registered),
/// routes with <see cref="MapTranscripts"/>.</summary>
public static class TranscriptExtensions
{
    public const string FileName = "transcripts.db";

    public static IServiceCollection AddTranscripts(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new TranscriptStore(Path.Combine(sp.GetRequiredService<IOptions<NodeOptions>>().Value.DataDir, FileName)));
        services.AddSingleton<TranscriptBuilder>();
        services.AddSingleton<TranscriptServices>();
        return services;
    }

    public static WebApplication MapTranscripts(this WebApplication app)
    {
        app.MapTranscriptsApi();
        app.MapShareApi();
        return app;
    }
}
