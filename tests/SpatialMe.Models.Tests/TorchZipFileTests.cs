using System.IO.Compression;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>
/// The .pth reader on hand-made torch.save zips, for what the real-PyTorch fixture (TorchSaveFileTests) does not hold:
/// tensors that view one shared storage at offsets and strides, a view reaching past its storage, code the pickle
/// would call, and a whole pickled model instead of a state dict — each read as PyTorch would or refused by name.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TorchZipFileTests : IDisposable
{
    private static readonly float[] Storage = [10, 11, 12, 13, 14, 15];
    private readonly List<string> files = [];

    public void Dispose()
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Tensors_viewing_one_storage_at_offsets_and_strides_get_the_viewed_values()
    {
        var path = Write(Pickle(("a", Tensor(offset: 0, size: 2, stride: 1)), ("b", Tensor(offset: 1, size: 3, stride: 2))));

        var (_, tensors) = StateDictFile.Read(path, m => new InvalidDataException(m));

        Assert.Equal([10f, 11f], tensors["a"].data<float>().ToArray());
        Assert.Equal([11f, 13f, 15f], tensors["b"].data<float>().ToArray());
        StateDictFile.Dispose(tensors);
    }

    [Fact]
    public void A_view_reaching_past_its_storage_is_refused()
    {
        var path = Write(Pickle(("a", Tensor(offset: 2, size: 3, stride: 2))));

        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path, m => new InvalidDataException(m)));

        Assert.Contains("reaches past its storage of 6 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickle_calling_anything_but_the_tensor_rebuild_is_refused_without_running_it()
    {
        var path = Write(Pickle(("a", [.. Global("os", "system"), .. Unicode("echo hi"), 0x85, (byte)'R'])));

        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path, m => new InvalidDataException(m)));

        Assert.Contains("calls os.system", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pickled_model_rather_than_a_state_dict_is_refused_with_how_to_save_one()
    {
        var parameter = new List<byte>(Global("torch._utils", "_rebuild_parameter")) { (byte)'(' };
        parameter.AddRange(Tensor(0, 2, 1));
        parameter.AddRange([0x88, (byte)'}', (byte)'t', (byte)'R']);
        var path = Write(Pickle(("a", [.. parameter])));

        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path, m => new InvalidDataException(m)));

        Assert.Contains("torch.save(model.state_dict(), path)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_fails_part_way_releases_the_tensors_it_had_rebuilt()
    {
        // "a" reads; "b" names a storage the archive lacks, so the load fails after rebuilding "a".
        var path = Write(Pickle(("a", Tensor(offset: 0, size: 2, stride: 1)), ("b", Tensor(offset: 0, size: 2, stride: 1, storage: "7"))));
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path, m => new InvalidDataException(m)));

        Assert.Contains("storage 7 is missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    /// <summary>torch._utils._rebuild_tensor_v2(storage <paramref name="storage"/>, offset, (size,), (stride,), False, OrderedDict()).</summary>
    private static byte[] Tensor(int offset, int size, int stride, string storage = "0")
    {
        var bytes = new List<byte>(Global("torch._utils", "_rebuild_tensor_v2")) { (byte)'(' };
        bytes.Add((byte)'(');
        bytes.AddRange(Unicode("storage"));
        bytes.AddRange(Global("torch", "FloatStorage"));
        bytes.AddRange(Unicode(storage));
        bytes.AddRange(Unicode("cpu"));
        bytes.AddRange([(byte)'K', (byte)Storage.Length, (byte)'t', (byte)'Q']);
        bytes.AddRange([(byte)'K', (byte)offset, (byte)'K', (byte)size, 0x85, (byte)'K', (byte)stride, 0x85, 0x89]);
        bytes.AddRange(Global("collections", "OrderedDict"));
        bytes.AddRange([(byte)')', (byte)'R', (byte)'t', (byte)'R']);
        return [.. bytes];
    }

    private static byte[] Pickle(params (string Key, byte[] Value)[] entries)
    {
        var bytes = new List<byte> { 0x80, 0x02, (byte)'}', (byte)'(' };
        foreach (var (key, value) in entries)
        {
            bytes.AddRange(Unicode(key));
            bytes.AddRange(value);
        }

        bytes.AddRange([(byte)'u', (byte)'.']);
        return [.. bytes];
    }

    private static byte[] Global(string module, string name) => [(byte)'c', .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")];

    private static byte[] Unicode(string text) => [(byte)'X', .. BitConverter.GetBytes(text.Length), .. Encoding.UTF8.GetBytes(text)];

    private string Write(byte[] pickle)
    {
        var path = Path.Combine(Path.GetTempPath(), $"spatialme-pickle-{Guid.NewGuid():N}.pth");
        files.Add(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string name, byte[] content)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(content);
        }

        Add("archive/data.pkl", pickle);
        Add("archive/byteorder", "little"u8.ToArray());
        Add("archive/data/0", Storage.SelectMany(BitConverter.GetBytes).ToArray());
        return path;
    }
}
