using System.Text.Json;
using SpatialMe.Farm.Storage;

namespace SpatialMe.Farm.Compute;

/// <summary>Small JSON objects in the media store (ranges, shot alignments), committed like any other object.</summary>
internal static class StoreJson
{
    public static async Task WriteAsync<T>(IMediaStore store, string key, T value, CancellationToken ct)
    {
        var scratch = store.NewScratchPath(key);
        try
        {
            await using (var stream = File.Create(scratch))
            {
                await JsonSerializer.SerializeAsync(stream, value, FileGrainStorage.Json, ct);
            }

            await store.CommitAsync(scratch, key, ct);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    public static async Task<T> ReadAsync<T>(IMediaStore store, string key, CancellationToken ct)
    {
        var path = await store.GetLocalPathAsync(key, ct);
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(stream, FileGrainStorage.Json, ct)
            ?? throw new InvalidDataException($"'{key}' in the media store is empty.");
    }
}
