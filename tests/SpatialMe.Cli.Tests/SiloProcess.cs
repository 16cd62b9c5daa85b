using System.Diagnostics;
using System.Globalization;
using System.Text;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>A `spatialme silo` started as its own OS process, as an operator would; killed on dispose.</summary>
internal sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _work;

    private SiloProcess(Process process, int siloPort)
    {
        _process = process;
        SiloPort = siloPort;
    }

    public int SiloPort { get; }

    /// <summary>How the farm names this silo in statuses ("127.0.0.1:PORT@…"), up to the generation.</summary>
    public string AddressPrefix => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{SiloPort}@");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(
        string redis, string media, string role, IReadOnlyDictionary<string, string>? environment = null, IEnumerable<string>? arguments = null)
    {
        var siloPort = RedisServer.FreePort();
        var gatewayPort = RedisServer.FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["SPATIALME_REDIS"] = redis;
        psi.Environment["SPATIALME_MEDIA"] = media;
        var work = Path.Combine(Path.GetTempPath(), "spatialme-silo-work-" + siloPort.ToString(CultureInfo.InvariantCulture));
        psi.Environment["SPATIALME_WORK"] = work;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spatialme.dll"));
        foreach (var a in new[] { "silo", "--role", role, "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture) }.Concat(arguments ?? []))
        {
            psi.ArgumentList.Add(a);
        }

        var silo = new SiloProcess(Process.Start(psi)!, siloPort) { _work = work };
        silo._process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await silo._ready.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            silo.Dispose();
            throw new TimeoutException("silo did not get ready:\n" + silo.Log);
        }

        return silo;
    }

    /// <summary>
    /// SIGTERM, as Kubernetes sends it before a pod goes away (and Ctrl-C would): the silo stops gracefully. Waits for
    /// the process to end; returns its exit code, or throws if it outlives <paramref name="grace"/>.
    /// </summary>
    public int Terminate(TimeSpan grace)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(grace))
        {
            throw new TimeoutException($"the silo did not stop within {grace.TotalSeconds} s of SIGTERM:\n{Log}");
        }

        _process.WaitForExit(); // the output readers drain
        return _process.ExitCode;
    }

    /// <summary>How much the silo has logged so far: a mark for <see cref="WaitForLineAsync"/>.</summary>
    public int LogLength
    {
        get
        {
            lock (_log)
            {
                return _log.Length;
            }
        }
    }

    /// <summary>Waits for a log line after <paramref name="mark"/> (a <see cref="LogLength"/>) that contains <paramref name="text"/>.</summary>
    public async Task WaitForLineAsync(string text, int mark, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Log[mark..].Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the silo logged no line with '{text}' within {timeout.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>kill -9: no clean-up, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        if (_work is not null && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.StartsWith("silo ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
        else if (line.StartsWith("error:", StringComparison.Ordinal))
        {
            _ready.TrySetException(new InvalidOperationException(line));
        }
    }
}
