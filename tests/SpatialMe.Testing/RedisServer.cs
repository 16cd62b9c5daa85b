using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SpatialMe.Testing;

/// <summary>
/// A real redis-server (Debian's, installed by tools/install-deps.sh --test) on a free loopback port with its own
/// data folder; stopped and deleted on dispose. <see cref="RestartAsync"/> stops and starts it on the same port and
/// data, as an operator's restart would.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string Binary = "/usr/bin/redis-server";

    /// <summary>Ports <see cref="FreePort"/> gave out.</summary>
    private static readonly HashSet<int> HandedOut = [];

    private readonly TempDirectory _data = new("spatialme-redis-");
    private readonly bool _persistent;
    private readonly string? _password;
    private Process? _process;

    private RedisServer(int port, bool persistent, string? password)
    {
        Port = port;
        _persistent = persistent;
        _password = password;
    }

    public int Port { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}") + (_password is null ? string.Empty : ",password=" + _password);

    /// <summary>
    /// Starts a server; with <paramref name="persistent"/> it keeps an append-only file so a restart keeps state; with
    /// <paramref name="password"/> clients must authenticate.
    /// </summary>
    public static async Task<RedisServer> StartAsync(bool persistent = false, string? password = null)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the test services with tools/install-deps.sh --test.");
        }

        var server = new RedisServer(FreePort(), persistent, password);
        await server.LaunchAsync();
        return server;
    }

    public async Task RestartAsync()
    {
        Stop();
        await LaunchAsync();
    }

    public void Dispose()
    {
        Stop();
        _data.Dispose();
    }

    /// <summary>
    /// A loopback port free now and never handed out before in this process: the kernel may give the same ephemeral
    /// port to two binds in a row once the first is closed, and a test that asks for two ports (a silo's silo and
    /// gateway ports) must get two.
    /// </summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private async Task LaunchAsync()
    {
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _data.Path, "--save", "" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--appendonly");
        psi.ArgumentList.Add(_persistent ? "yes" : "no");
        if (_password is not null)
        {
            psi.ArgumentList.Add("--requirepass");
            psi.ArgumentList.Add(_password);
        }
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"redis-server did not listen on port {Port}.");
    }

    private void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }
}
