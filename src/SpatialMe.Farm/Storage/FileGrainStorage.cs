using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace SpatialMe.Farm.Storage;

/// <summary>
/// Grain state as JSON files in a folder (the embedded profile's persistence): one file per grain and state name,
/// replaced atomically by rename, with an ETag (a version counter) checked on every write so two activations can
/// never silently overwrite each other. JSON by property name and no type names: renaming a state class does not
/// orphan its state. Readable by <c>spatialme status</c> without a running silo.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new();
    private readonly string _root;

    public FileGrainStorage(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WithLockAsync(PathOf(stateName, grainId), async path =>
        {
            var record = await ReadRecordAsync<T>(path);
            if (record is null)
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            grainState.State = record.State ?? Activator.CreateInstance<T>();
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        });

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WithLockAsync(PathOf(stateName, grainId), async path =>
        {
            var current = await ReadRecordAsync<T>(path);
            if (current?.ETag != grainState.ETag)
            {
                throw new InconsistentStateException(
                    $"State of {grainId} in '{path}' was changed by someone else.", current?.ETag ?? "(none)", grainState.ETag ?? "(none)");
            }

            var next = (long.TryParse(current?.ETag, out var version) ? version : 0) + 1;
            var record = new StateRecord<T> { ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture), State = grainState.State };
            var temp = path + $".{Guid.NewGuid():N}.tmp";
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await JsonSerializer.SerializeAsync(stream, record, Json);
            }

            File.Move(temp, path, overwrite: true);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
        });

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WithLockAsync(PathOf(stateName, grainId), path =>
        {
            File.Delete(path);
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
            return Task.CompletedTask;
        });

    /// <summary>Reads one stored state without a silo (for <c>spatialme status</c>); null where there is none.</summary>
    public static T? TryRead<T>(string root, string stateName, string grainId)
    {
        var path = Path.Combine(Path.GetFullPath(root), stateName, FileName(grainId));
        if (!File.Exists(path))
        {
            return default;
        }

        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<StateRecord<T>>(stream, Json) is { } record ? record.State : default;
    }

    /// <summary>Runs <paramref name="work"/> on a state file while no other storage call of this process touches it.</summary>
    private static async Task WithLockAsync(string path, Func<string, Task> work)
    {
        var gate = Locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await work(path);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<StateRecord<T>?> ReadRecordAsync<T>(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return await JsonSerializer.DeserializeAsync<StateRecord<T>>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Grain state file '{path}' is not valid: {e.Message}", e);
        }
    }

    private string PathOf(string stateName, GrainId grainId) => Path.Combine(_root, stateName, FileName(grainId.ToString()));

    private static string FileName(string grainId) => Uri.EscapeDataString(grainId) + ".json";

    private sealed class StateRecord<T>
    {
        public string? ETag { get; set; }

        public T? State { get; set; }
    }
}
