using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SpatialMe.Farm.Hosting;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary>
/// A real embedded farm (one silo, a temporary store) with the web host on a free loopback port, shared by a test
/// class; inputs and outputs are allowed under <see cref="Media"/> only. Every log line of the web host is kept.
/// </summary>
public sealed class WebFarm : IAsyncLifetime
{
    public const string Token = "t0ken-Sp4tialMe-web-host-tests-9f3a7c";

    private readonly TempDirectory _dir = new("spatialme-web");
    private EmbeddedFarm? _farm;
    private WebApplication? _app;

    public ConcurrentQueue<string> Logs { get; } = new();

    public string Media => _dir.File("media");

    public Uri BaseAddress { get; private set; } = null!;

    public FarmWebOptions Options { get; } = new() { ApiToken = Token, SeesLocalFiles = true };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Media);
        // One job at a time, so a second submission waits in the queue (JobsApiTests checks how it answers there).
        var farm = new FarmOptions { Role = "cpu", AllowCpuFallback = true, GpuSlots = EmbeddedFarm.EmbeddedSlots, AllowedRoots = [Media], MaxRunningJobs = 1 };
        _farm = await EmbeddedFarm.StartAsync(_dir.File("store"), farm);
        Options.Locations = farm.Locations();
        _app = FarmWeb.Build(_farm.Client, Options, "http://127.0.0.1:0", logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new QueueLoggerProvider(Logs));
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
    }

    /// <summary>A client with the token (or with <paramref name="token"/>; null: none).</summary>
    public HttpClient Client(string? token = Token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_farm is not null)
        {
            await _farm.DisposeAsync();
        }

        _dir.Dispose();
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {state} {exception}");
    }
}
