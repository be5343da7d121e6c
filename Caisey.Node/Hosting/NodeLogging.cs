using Caisey.Node.Ops;
using Serilog;
using Serilog.Events;

namespace Caisey.Node.Hosting;

/// <summary>Serilog structured logging for the node: console (async) and the in-memory <see cref="LogRing"/> that
/// <c>ops log peek</c> reads; level from <c>caisey.logging.level</c>.</summary>
public static class NodeLogging
{
    public static WebApplicationBuilder AddNodeLogging(this WebApplicationBuilder builder, IConfiguration configuration)
    {
        var level = Enum.TryParse<LogEventLevel>(configuration["caisey:logging:level"], ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;
        var ring = new LogRing();
        builder.Services.AddSingleton(ring);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", level < LogEventLevel.Warning ? LogEventLevel.Warning : level)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Async(sink => sink.Console(
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}"))
            .WriteTo.Sink(ring)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
