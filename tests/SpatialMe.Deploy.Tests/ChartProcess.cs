using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using SpatialMe.Testing;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// One replica of a rendered container run as a local process, taking the container's command, arguments and
/// environment exactly as the chart rendered them, with only what a pod gets from its node stood in for: the built
/// <c>spatialme.dll</c> for the image's <c>/app/spatialme.dll</c>, 127.0.0.1 for the downward API's pod IP, the test's
/// values for Secrets the chart references but does not create, a folder per volume (an emptyDir: fresh; a ConfigMap:
/// its data as files) for each mount path, and a free loopback port for each container port, so that several "pods"
/// share one machine. Killed on dispose.
/// </summary>
internal sealed partial class ChartProcess : IDisposable
{
    private const string ImageProgram = "/app/spatialme.dll";

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly List<TempDirectory> _volumes;

    private ChartProcess(string name, V1Container container, Process process, IReadOnlyDictionary<string, int> ports, List<TempDirectory> volumes)
    {
        Name = name;
        Container = container;
        _process = process;
        Ports = ports;
        _volumes = volumes;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The Deployment and replica, for messages.</summary>
    public string Name { get; }

    public V1Container Container { get; }

    /// <summary>Each named container port's local stand-in.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    /// <summary>The command line the process runs (for messages).</summary>
    public string CommandLine { get; private init; } = string.Empty;

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

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts replica <paramref name="replica"/> of <paramref name="deployment"/>'s only container. Secrets are looked up
    /// among the rendered <paramref name="objects"/> first, then in <paramref name="secrets"/> (name, key) as the test
    /// created them; a reference to neither fails the test, as a pod would fail to start.
    /// </summary>
    public static ChartProcess Start(
        V1Deployment deployment, int replica, IReadOnlyList<k8s.IKubernetesObject> objects, IReadOnlyDictionary<(string Name, string Key), string> secrets)
    {
        var pod = deployment.Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);
        var name = $"{deployment.Metadata.Name}-{replica}";

        // Volumes: each mount path gets a folder of its own.
        var volumes = new List<TempDirectory>();
        var mounts = new List<(string MountPath, string Folder)>();
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = pod.Volumes.Single(v => v.Name == mount.Name);
            var folder = new TempDirectory("spatialme-pod-volume-");
            volumes.Add(folder);
            if (volume.ConfigMap is { } configMap)
            {
                var data = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == configMap.Name).Data;
                foreach (var (file, content) in data)
                {
                    File.WriteAllText(folder.File(file), content);
                }
            }
            else
            {
                Assert.NotNull(volume.EmptyDir);
            }

            mounts.Add((mount.MountPath.TrimEnd('/'), folder.Path));
        }

        // Ports: each container port gets a free loopback port.
        var ports = (container.Ports ?? []).ToDictionary(p => p.Name, _ => RedisServer.FreePort());
        var byNumber = (container.Ports ?? []).ToDictionary(p => p.ContainerPort.ToString(CultureInfo.InvariantCulture), p => ports[p.Name]);

        string Local(string value)
        {
            foreach (var (mountPath, folder) in mounts)
            {
                if (value == mountPath || value.StartsWith(mountPath + "/", StringComparison.Ordinal))
                {
                    return folder + value[mountPath.Length..];
                }
            }

            if (byNumber.TryGetValue(value, out var port))
            {
                return port.ToString(CultureInfo.InvariantCulture);
            }

            // A listen URL on every interface: loopback, on the port's stand-in.
            var url = AnyAddressUrl().Match(value);
            return url.Success && byNumber.TryGetValue(url.Groups[2].Value, out var mapped)
                ? $"{url.Groups[1].Value}127.0.0.1:{mapped.ToString(CultureInfo.InvariantCulture)}{url.Groups[3].Value}"
                : value;
        }

        var psi = new ProcessStartInfo(container.Command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Only the pod's environment decides: nothing the test process has of the farm's own variables leaks in.
        foreach (var inherited in psi.Environment.Keys.Where(k => k.StartsWith("SPATIALME_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(inherited);
        }

        foreach (var env in container.Env ?? [])
        {
            psi.Environment[env.Name] = env switch
            {
                { Value: { } value } => Local(value),
                { ValueFrom.FieldRef.FieldPath: "status.podIP" } => "127.0.0.1",
                { ValueFrom.SecretKeyRef: { } secret } => SecretValue(objects, secrets, secret.Name, secret.Key, name),
                _ => throw new Xunit.Sdk.XunitException($"{name}: the test does not know how a node would fill in {env.Name}"),
            };
        }

        var arguments = new List<string>();
        foreach (var part in container.Command.Skip(1).Concat(container.Args ?? []))
        {
            arguments.Add(part == ImageProgram ? Path.Combine(AppContext.BaseDirectory, "spatialme.dll") : Local(part));
        }

        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi)!;
        return new ChartProcess(name, container, process, ports, volumes) { CommandLine = container.Command[0] + " " + string.Join(' ', arguments) };
    }

    /// <summary>
    /// Waits until the container's readiness probe passes (a TCP connect or an HTTP GET answered 2xx, on the port's
    /// stand-in), as the kubelet would before the pod gets traffic.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var probe = Container.ReadinessProbe ?? throw new Xunit.Sdk.XunitException($"{Name} has no readiness probe");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new Xunit.Sdk.XunitException($"{Name} exited before it was ready ({CommandLine}):\n{Log}");
            }

            try
            {
                if (probe.TcpSocket is { } tcp)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync("127.0.0.1", Port(tcp.Port));
                    return;
                }

                var get = probe.HttpGet ?? throw new Xunit.Sdk.XunitException($"{Name}: only TCP and HTTP probes are known to the test");
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port(get.Port).ToString(CultureInfo.InvariantCulture)}{get.Path}"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or HttpRequestException or TaskCanceledException)
            {
                // not yet
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"{Name} was not ready within {timeout} ({CommandLine}):\n{Log}");
    }

    /// <summary>The stand-in of a probe's port, given by name or number.</summary>
    public int Port(IntOrString port) =>
        Ports.TryGetValue(port.Value, out var byName)
            ? byName
            : Ports[Container.Ports.Single(p => p.ContainerPort.ToString(CultureInfo.InvariantCulture) == port.Value).Name];

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        foreach (var volume in _volumes)
        {
            volume.Dispose();
        }
    }

    private static string SecretValue(
        IReadOnlyList<k8s.IKubernetesObject> objects, IReadOnlyDictionary<(string Name, string Key), string> secrets, string name, string key, string who)
    {
        if (objects.OfType<V1Secret>().SingleOrDefault(s => s.Metadata.Name == name) is { } rendered)
        {
            return Encoding.UTF8.GetString(rendered.Data[key]);
        }

        return secrets.TryGetValue((name, key), out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{who} needs Secret {name} key {key}, which neither the chart nor the test provides");
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
    }

    [GeneratedRegex(@"^(https?://)0\.0\.0\.0:(\d+)(/.*)?$")]
    private static partial Regex AnyAddressUrl();
}
