using System.Text;
using System.Text.Json;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// Refiner weights files. Layout:
/// <code>
/// SPATIALME-MHFU-REFINER\n                       magic line
/// {"format":1,"architecture":{...},...}\n        RefinerWeightsHeader as one line of JSON
/// &lt;TorchSharp module.save stream&gt;                 the state dict: names, dtypes, shapes, float32 values
/// </code>
/// The tensors are in TorchSharp's own format, written by <c>Module.save</c> and read by <c>Module.load</c> (strict:
/// every tensor of the network must be there, with its shape, and nothing else). The header comes first so a file
/// says which network it fits before a tensor is read; a file that is not a refiner file, a truncated one, or one
/// whose tensors do not fit its header is refused with an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class RefinerWeights
{
    public const int CurrentFormat = 1;

    /// <summary>The first line of every refiner weights file.</summary>
    public const string Magic = "SPATIALME-MHFU-REFINER";

    private const int MaxHeaderBytes = 16 * 1024;

    /// <summary>Writes the network's weights, replacing <paramref name="path"/> only once the file is complete.</summary>
    public static void Save(MhfuNetwork network, string path, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new RefinerWeightsHeader(CurrentFormat, network.Architecture, description);
        var temporary = path + ".partial";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            stream.Write(Encoding.ASCII.GetBytes(Magic + "\n"));
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(header));
            stream.WriteByte((byte)'\n');
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            network.save(writer);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Whether the file starts with the refiner weights' magic line (so it is meant to be one, valid or not).</summary>
    public static bool HasMagic(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadLine(stream, Magic.Length + 1) == Magic;
    }

    /// <summary>Reads only the header: what network the file is for.</summary>
    public static RefinerWeightsHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    /// <summary>A network with the file's architecture and weights, in evaluation mode.</summary>
    public static MhfuNetwork Load(string path)
    {
        using var stream = File.OpenRead(path);
        var header = ReadHeader(stream, path);
        var network = new MhfuNetwork(header.Architecture);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            network.load(reader, strict: true);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException($"{stream.Length - stream.Position} bytes follow the last tensor.");
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            network.Dispose();
            throw new InvalidDataException(
                $"{path}: the tensors do not fit the MHFU network its header describes (base channels {header.Architecture.BaseChannels}, " +
                $"levels {header.Architecture.Levels}, input channels {header.Architecture.InputChannels}): {e.Message}",
                e);
        }

        network.eval();
        return network;
    }

    private static RefinerWeightsHeader ReadHeader(Stream stream, string path)
    {
        var magic = ReadLine(stream, Magic.Length + 1);
        if (magic != Magic)
        {
            throw new InvalidDataException($"{path} is not an MHFU refiner weights file (it does not start with {Magic}).");
        }

        var json = ReadLine(stream, MaxHeaderBytes) ?? throw new InvalidDataException($"{path}: the refiner weights header is missing or longer than {MaxHeaderBytes} bytes.");
        RefinerWeightsHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<RefinerWeightsHeader>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the refiner weights header is not valid JSON: {e.Message}", e);
        }

        if (header?.Architecture is null)
        {
            throw new InvalidDataException($"{path}: the refiner weights header names no architecture.");
        }

        if (header.Format != CurrentFormat)
        {
            throw new InvalidDataException($"{path}: refiner weights format {header.Format}; this build reads format {CurrentFormat}.");
        }

        try
        {
            header.Architecture.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: the refiner weights header's architecture is invalid: {e.Message}", e);
        }

        return header;
    }

    /// <summary>The bytes up to the next '\n' as ASCII/UTF-8, or null when there is no '\n' within <paramref name="limit"/> bytes.</summary>
    private static string? ReadLine(Stream stream, int limit)
    {
        var bytes = new List<byte>();
        while (bytes.Count < limit)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add((byte)b);
        }

        return null;
    }
}
