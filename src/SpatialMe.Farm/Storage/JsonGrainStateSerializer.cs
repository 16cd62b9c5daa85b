using System.Text.Json;
using Orleans.Storage;

namespace SpatialMe.Farm.Storage;

/// <summary>
/// Grain state as plain JSON by property name — no .NET type or assembly names — so renaming a state class, moving it
/// to another namespace or assembly leaves every stored state readable (Orleans' Redis default writes
/// <c>$type</c> names and breaks on exactly that). The same JSON as the embedded profile's state files.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, FileGrainStorage.Json));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, FileGrainStorage.Json)
        ?? throw new JsonException($"Stored {typeof(T).Name} is empty.");
}
