using Microsoft.Extensions.Logging;

namespace SpatialMe.Farm.Hosting;

/// <summary>The log levels every farm host uses: the farm's own events, and only warnings from the frameworks below it.</summary>
public static class FarmLogging
{
    public static ILoggingBuilder AddFarmFilters(this ILoggingBuilder logging)
    {
        // Orleans and ASP.NET log every activation, connection and retry at Information: noise beside the farm's events.
        logging.AddFilter("Orleans", LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Polly", LogLevel.Warning);
        return logging;
    }
}
