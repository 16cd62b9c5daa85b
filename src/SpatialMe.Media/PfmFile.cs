using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media;

/// <summary>
/// Portable Float Map: a text header ("Pf" grey or "PF" colour, then width, height and a scale whose sign gives
/// the byte order: negative = little-endian), then 32-bit floats with the rows stored bottom to top.
/// </summary>
internal static class PfmFile
{
    public static FloatPlane Read(string path)
    {
        var bytes = ReadAllBytes(path);
        var position = 0;
        var kind = NextToken(bytes, ref position, path);
        var channels = kind switch
        {
            "Pf" => 1,
            "PF" => 3,
            _ => throw new MediaException(path, $"'{path}' is not a PFM file: it starts with '{kind}', not 'Pf' or 'PF'"),
        };
        var width = ParseInt(NextToken(bytes, ref position, path), path, "width");
        var height = ParseInt(NextToken(bytes, ref position, path), path, "height");
        var scaleText = NextToken(bytes, ref position, path);
        if (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale == 0)
        {
            throw new MediaException(path, $"'{path}' has an invalid PFM scale '{scaleText}'");
        }

        // Exactly one whitespace byte separates the header from the data.
        position++;
        var littleEndian = scale < 0;
        var rowBytes = checked(width * channels * 4);
        var needed = (long)rowBytes * height;
        if (bytes.Length - position < needed)
        {
            throw new MediaException(path, $"'{path}' is truncated: a {width}x{height} PFM needs {needed} data bytes, it has {bytes.Length - position}");
        }

        var plane = new FloatPlane(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = plane.Row(y);
            var stored = bytes.AsSpan(position + ((height - 1 - y) * rowBytes), rowBytes);
            for (var x = 0; x < width; x++)
            {
                // Colour files: the first channel only.
                var value = stored.Slice(x * channels * 4, 4);
                row[x] = littleEndian ? BinaryPrimitives.ReadSingleLittleEndian(value) : BinaryPrimitives.ReadSingleBigEndian(value);
            }
        }

        return plane;
    }

    /// <summary>Writes a little-endian grey PFM (scale -1).</summary>
    public static void Write(string path, FloatPlane plane)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Pf\n{plane.Width} {plane.Height}\n-1.0\n"));
        var rowBytes = plane.Width * 4;
        var data = new byte[header.Length + (rowBytes * plane.Height)];
        header.CopyTo(data, 0);
        for (var y = 0; y < plane.Height; y++)
        {
            var target = data.AsSpan(header.Length + ((plane.Height - 1 - y) * rowBytes), rowBytes);
            var row = plane.ReadRow(y);
            for (var x = 0; x < plane.Width; x++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(target.Slice(x * 4, 4), row[x]);
            }
        }

        try
        {
            File.WriteAllBytes(path, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MediaException(path, $"cannot write '{path}': {e.Message}", e);
        }
    }

    private static byte[] ReadAllBytes(string path)
    {
        ImageFiles.RequireFile(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MediaException(path, $"cannot read '{path}': {e.Message}", e);
        }
    }

    private static string NextToken(byte[] bytes, ref int position, string path)
    {
        while (position < bytes.Length && IsSpace(bytes[position]))
        {
            position++;
        }

        var start = position;
        while (position < bytes.Length && !IsSpace(bytes[position]) && position - start < 32)
        {
            position++;
        }

        if (position == start || position >= bytes.Length)
        {
            throw new MediaException(path, $"'{path}' is not a PFM file: its header is incomplete");
        }

        return Encoding.ASCII.GetString(bytes, start, position - start);
    }

    private static int ParseInt(string text, string path, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new MediaException(path, $"'{path}' has an invalid PFM {what} '{text}'");

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
