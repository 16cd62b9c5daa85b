using System.Diagnostics;
using System.Globalization;
using System.Text;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// A `spatialme` web host process (`web`, `serve`) on a free loopback port, with its output kept for failure
/// messages; killed with its children when disposed.
/// </summary>
internal sealed class WebProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private WebProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        Port = RedisServer.FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spatialme.dll"));
        foreach (var a in args.Concat(["--urls", BaseAddress.ToString()]))
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += Keep;
        _process.ErrorDataReceived += Keep;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>What the process printed so far.</summary>
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

    /// <summary>Starts `spatialme <paramref name="args"/> --urls …` and waits until its /readyz answers 200.</summary>
    public static async Task<WebProcess> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var web = new WebProcess(args, environment ?? new Dictionary<string, string>());
        try
        {
            await web.WaitReadyAsync();
            return web;
        }
        catch
        {
            web.Dispose();
            throw;
        }
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

    private async Task WaitReadyAsync()
    {
        using var http = Client();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("the web host did not get ready:\n" + Log);
    }

    private void Keep(object sender, DataReceivedEventArgs e)
    {
        lock (_log)
        {
            _log.AppendLine(e.Data);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
