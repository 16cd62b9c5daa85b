using System.IO.Compression;
using static TorchSharp.torch;

namespace SpatialMe.Models;

/// <summary>
/// A state dict in <c>torch.save</c>'s zip format (PyTorch ≥ 1.6, the official checkpoints' format): the pickle
/// <c>&lt;archive&gt;/data.pkl</c> names each tensor's storage (<c>&lt;archive&gt;/data/&lt;key&gt;</c>, raw
/// little-endian elements), offset, size and stride, as <c>torch._utils._rebuild_tensor_v2</c> takes them. Each tensor
/// is rebuilt as that strided view of its storage — so tensors saved as views (transposed, sliced, sharing one
/// storage) come back with their values, as PyTorch's own loader gives them — and made contiguous.
/// </summary>
internal static class TorchZipFile
{
    /// <summary>The file's top-level dict, values as the pickle gives them (tensors for a state dict).</summary>
    public static PickleDict Read(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        var pickles = archive.Entries.Where(e => e.FullName == "data.pkl" || e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)).ToList();
        if (pickles.Count != 1)
        {
            throw new InvalidDataException($"a torch.save zip holds one data.pkl, this one {pickles.Count}");
        }

        var prefix = pickles[0].FullName[..^"data.pkl".Length];
        if (archive.GetEntry(prefix + "byteorder") is { } byteOrder && ReadText(byteOrder).Trim() != "little")
        {
            throw new InvalidDataException("the tensors were saved big-endian; re-save them on a little-endian machine");
        }

        var storages = new Dictionary<string, Tensor>();
        var rebuilt = new List<Tensor>();
        try
        {
            var reader = new PickleReader(
                ReadAll(pickles[0]),
                call: (callee, args) =>
                {
                    var value = Call(callee, args);
                    if (value is Tensor tensor)
                    {
                        rebuilt.Add(tensor);
                    }

                    return value;
                },
                persistentLoad: pid => LoadStorage(archive, prefix, pid, storages));
            return reader.Load() as PickleDict ?? throw new InvalidDataException("the file holds no dict: not a state dict");
        }
        catch
        {
            // A file that fails part-way (a missing storage, a refused call) has no dict to hand over: the tensors
            // rebuilt so far are released now rather than left to the finalizer (a checkpoint's can be gigabytes).
            foreach (var tensor in rebuilt)
            {
                tensor.Dispose();
            }

            throw;
        }
        finally
        {
            // The tensors keep what they view alive; these handles are no longer needed.
            foreach (var storage in storages.Values)
            {
                storage.Dispose();
            }
        }
    }

    private static object? Call(PickleGlobal callee, object?[] args) => callee switch
    {
        { Module: "collections", Name: "OrderedDict" } => new PickleDict(),
        { Module: "torch._utils", Name: "_rebuild_tensor_v2" or "_rebuild_tensor" } => RebuildTensor(args),
        { Module: "torch._utils", Name: "_rebuild_parameter" } =>
            throw new InvalidDataException("the file holds a whole model, not a state dict: save it with torch.save(model.state_dict(), path)"),
        _ => throw new InvalidDataException($"the pickle calls {callee}, which a state dict does not"),
    };

    private static Tensor RebuildTensor(object?[] args)
    {
        if (args is not [Tensor storage, long offset, object?[] size, object?[] stride, ..])
        {
            throw new InvalidDataException("a tensor with arguments that are not (storage, offset, size, stride, ...)");
        }

        var shape = size.Select(s => (long)s!).ToArray();
        var strides = stride.Select(s => (long)s!).ToArray();
        var last = offset + shape.Zip(strides, (n, s) => (n - 1) * s).Sum();
        if (shape.Any(n => n == 0) ? offset > storage.numel() : offset < 0 || last >= storage.numel())
        {
            throw new InvalidDataException(
                $"a tensor of size [{string.Join(", ", shape)}] at offset {offset} reaches past its storage of {storage.numel()} elements");
        }

        using var view = storage.as_strided(shape, strides, offset);
        return view.contiguous();
    }

    private static Tensor LoadStorage(ZipArchive archive, string prefix, object? pid, Dictionary<string, Tensor> storages)
    {
        if (pid is not object?[] { Length: >= 5 } id || id[0] is not "storage" || id[1] is not PickleGlobal type || id[2] is not string key || id[4] is not long count)
        {
            throw new InvalidDataException("a persistent id that is not a tensor storage");
        }

        if (storages.TryGetValue(key, out var known))
        {
            return known;
        }

        var dtype = StorageType(type.Name);
        var storage = empty(count, dtype);
        storages[key] = storage;
        var bytes = count * storage.ElementSize;
        var entry = archive.GetEntry($"{prefix}data/{key}") ?? throw new InvalidDataException($"storage {key} is missing from the archive");
        if (entry.Length < bytes)
        {
            throw new InvalidDataException($"storage {key} holds {entry.Length} bytes, {bytes} expected");
        }

        if (bytes > int.MaxValue)
        {
            throw new InvalidDataException($"storage {key} is {bytes} bytes; tensors over 2 GB are not supported");
        }

        if (bytes > 0)
        {
            using var stream = entry.Open();
            stream.ReadExactly(storage.bytes);
        }

        return storage;
    }

    private static ScalarType StorageType(string name) => name switch
    {
        "FloatStorage" => ScalarType.Float32,
        "DoubleStorage" => ScalarType.Float64,
        "HalfStorage" => ScalarType.Float16,
        "BFloat16Storage" => ScalarType.BFloat16,
        "LongStorage" => ScalarType.Int64,
        "IntStorage" => ScalarType.Int32,
        "ShortStorage" => ScalarType.Int16,
        "CharStorage" => ScalarType.Int8,
        "ByteStorage" => ScalarType.Byte,
        "BoolStorage" => ScalarType.Bool,
        _ => throw new InvalidDataException($"tensors of storage type {name}, which is not supported"),
    };

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string ReadText(ZipArchiveEntry entry) => System.Text.Encoding.ASCII.GetString(ReadAll(entry));
}
