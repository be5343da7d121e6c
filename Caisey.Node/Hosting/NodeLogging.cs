using Serilog;
using Serilog.Events;

namespace Caisey.Node.Hosting;

/// <summary>Serilog structured logging for the node: console (async), level from <c>caisey.logging.level</c>.</summary>
public static class NodeLogging
{
    public static WebApplicationBuilder AddNodeLogging(this WebApplicationBuilder builder, IConfiguration configuration)
    {
        var level = Enum.TryParse<LogEventLevel>(configuration["caisey:logging:level"], ignoreCase: true, out var parsed)
            ? parsed
            : LogEventLevel.Information;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", level < LogEventLevel.Warning ? LogEventLevel.Warning : level)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Async(sink => sink.Console(
                outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}"))
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }
}
