using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace SpatialMe.Testing;

/// <summary>
/// A real Azure Blob service for tests: Azurite's blob emulator (pinned, installed by tools/install-deps.sh --test).
/// Where <c>SPATIALME_TEST_AZURITE</c> holds a connection string (.ci/run starts one emulator for the whole run) that
/// shared instance is used and left running; otherwise this starts its own on a free loopback port with a fresh data
/// folder, and stops and deletes it on dispose. Tests keep apart by using their own containers (<see cref="NewContainerName"/>).
/// Use it as a class fixture, or through <see cref="StartAsync"/>.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime, IDisposable
{
    /// <summary>The environment variable naming a running emulator's connection string.</summary>
    public const string SharedVariable = "SPATIALME_TEST_AZURITE";

    /// <summary>Azurite's built-in development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>
    /// The development account's key: public, documented by Microsoft for the storage emulators, and accepted by no
    /// real account. Tests use it to check that no message ever shows a key.
    /// </summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The Azurite version tools/install-deps.sh installs; its default install folder is named after it.</summary>
    public const string Version = "3.35.0";

    private TempDirectory? _data;
    private Process? _process;
    private readonly StringBuilder _log = new();

    /// <summary>The account's connection string (the shared instance's, or one for the emulator started here).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Whether this uses the instance named by <see cref="SharedVariable"/> rather than its own.</summary>
    public bool IsShared { get; private set; }

    /// <summary>Where tools/install-deps.sh puts azurite-blob: <c>$AZURITE_HOME</c>, else the user's cache folder.</summary>
    public static string Binary
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("AZURITE_HOME") is { Length: > 0 } h
                ? h
                : Path.Combine(CacheHome(), "spatialme", "azurite-" + Version);
            return Path.Combine(home, "node_modules", ".bin", "azurite-blob");
        }
    }

    /// <summary>A started (or shared) emulator.</summary>
    public static async Task<AzuriteServer> StartAsync()
    {
        var server = new AzuriteServer();
        await server.InitializeAsync();
        return server;
    }

    /// <summary>The connection string of the development account at a blob endpoint on a loopback port.</summary>
    public static string ConnectionStringFor(int port) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{AccountName};");

    /// <summary>A container name no other test uses (lowercase letters and digits, as the service requires).</summary>
    public static string NewContainerName() => "t" + Guid.NewGuid().ToString("N");

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(SharedVariable) is { Length: > 0 } shared)
        {
            ConnectionString = shared;
            IsShared = true;
            return;
        }

        var binary = Binary;
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: install the test services with tools/install-deps.sh --test.");
        }

        var port = RedisServer.FreePort();
        _data = new TempDirectory("spatialme-azurite-");
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", _data.Path,
            "--skipApiVersionCheck", "--silent", "--disableTelemetry",
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        ConnectionString = ConnectionStringFor(port);
        await WaitForPortAsync(port);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
        _data?.Dispose();
        _data = null;
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"azurite-blob exited with code {_process.ExitCode} before listening: {Log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        Dispose();
        throw new TimeoutException($"azurite-blob did not listen on port {port}: {Log()}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private static string CacheHome() =>
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
}
