using System.Buffers.Binary;
using System.IO.Compression;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Media.Intermediates;

/// <summary>
/// The depth-sequence file (<c>SMDEPTH1</c>): a segment's raw depth planes, written once by the depth stage and read
/// at random by later stages on other machines. All numbers little-endian.
/// <code>
/// header   0  8  magic "SMDEPTH1"
///          8  4  version (1)
///         12  4  width
///         16  4  height
///         20  4  first frame (absolute frame number in the source)
///         24  4  count
///         28  8  offset of the index
/// frame    0  4  min (float32, over the frame's finite values)
///          4  4  max (float32)
///          8  4  payload length n
///         12  n  payload
/// index       count × int64: offset of each frame; the file ends right after it
/// </code>
/// The payload is the plane quantised to uint16 over [min, max] (q = round((x − min) / (max − min) · 65535); NaN and
/// ±∞ become min), each row replaced by its differences to the left neighbour (modulo 2¹⁶; the first pixel of a row
/// is kept as it is), the low bytes of all pixels followed by the high bytes, compressed with Brotli (quality 1,
/// window 2²²).
/// <para>
/// Precision: a value read back is within (max − min) / 65535 / 2 of the value written (plus float rounding of the
/// result), i.e. 7.6e-6 of the frame's range, far below what a disparity of a few percent of the width can resolve.
/// A few extreme pixels would widen [min, max] for the whole frame; the cue estimator's output is bounded (0.05 to
/// about 1), so it has none.
/// </para>
/// <para>
/// Why this codec, measured on the cue estimator's raw depth of a real 720×404 frame (frame 60 of
/// samples/city-night.mp4; 1,163,520 bytes as float32), one core: the predictor and the byte split matter most (ZLib
/// fastest: 606,650 bytes without the predictor, 512,316 with it and the bytes interleaved, 398,025 split). On the
/// split deltas Brotli quality 1 gives 344,188 bytes (3.38× smaller than float32) in 3.2 ms to encode and 3.7 ms to
/// decode, ZLib fastest 398,025 bytes (2.92×) in 6.0 ms / 2.5 ms, ZLib optimal 332,166 (3.50×) in 21 ms / 2.0 ms and
/// Brotli 5 333,265 (3.49×) in 23 ms. Brotli 1 is both smaller and faster to write than ZLib fastest, and writing
/// happens on the busiest stage. Whole files of frames 54–79 average 314 kB a frame (3.70× smaller than float32),
/// with <see cref="DepthSequenceWriter.Append"/> at 9–10 ms and <see cref="DepthSequenceReader.Read"/> at 8 ms a
/// frame on a 2-core machine.
/// </para>
/// </summary>
internal static class DepthSequenceFormat
{
    public const int Version = 1;
    public const int HeaderBytes = 36;
    public const int FrameHeaderBytes = 12;
    public const int CountOffset = 24;
    public const int BrotliQuality = 1;
    public const int BrotliWindow = 22;

    public static ReadOnlySpan<byte> Magic => "SMDEPTH1"u8;

    /// <summary>The header with <paramref name="count"/> frames and the index at <paramref name="indexOffset"/>.</summary>
    public static byte[] Header(int width, int height, int firstFrame, int count, long indexOffset)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), width);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), height);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), firstFrame);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(CountOffset), count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(28), indexOffset);
        return header;
    }

    /// <summary>One frame record (min, max, payload length, payload).</summary>
    public static byte[] EncodeFrame(FloatPlane depth)
    {
        var (min, max) = FiniteRange(depth);
        var width = depth.Width;
        var pixels = depth.Data.Length;
        var range = (double)max - min;
        var scale = range > 0 ? 65535.0 / range : 0.0;
        var split = new byte[2 * pixels];
        Parallel.For(0, depth.Height, y =>
        {
            var row = depth.ReadRow(y);
            var low = split.AsSpan(y * width, width);
            var high = split.AsSpan(pixels + (y * width), width);
            var previous = 0;
            for (var x = 0; x < width; x++)
            {
                var v = row[x];
                var q = 0;
                if (float.IsFinite(v))
                {
                    // In [0, 65535.5) by construction; the clamp only guards rounding at the top.
                    q = Math.Min(65535, (int)((((double)v - min) * scale) + 0.5));
                }

                var delta = (ushort)(q - previous);
                previous = q;
                low[x] = (byte)delta;
                high[x] = (byte)(delta >> 8);
            }
        });

        var record = new byte[FrameHeaderBytes + BrotliEncoder.GetMaxCompressedLength(split.Length)];
        if (!BrotliEncoder.TryCompress(split, record.AsSpan(FrameHeaderBytes), out var written, BrotliQuality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli could not compress a depth frame into its worst-case buffer.");
        }

        BinaryPrimitives.WriteSingleLittleEndian(record, min);
        BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(4), max);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(8), written);
        return record[..(FrameHeaderBytes + written)];
    }

    /// <summary>
    /// The plane of one frame record, or null where the payload does not decode to exactly
    /// <paramref name="width"/>×<paramref name="height"/> values.
    /// </summary>
    public static FloatPlane? DecodeFrame(ReadOnlySpan<byte> record, int width, int height)
    {
        var min = BinaryPrimitives.ReadSingleLittleEndian(record);
        var max = BinaryPrimitives.ReadSingleLittleEndian(record[4..]);
        var length = BinaryPrimitives.ReadInt32LittleEndian(record[8..]);
        if (length < 0 || length > record.Length - FrameHeaderBytes)
        {
            return null;
        }

        var pixels = width * height;
        var split = new byte[2 * pixels];
        using var decoder = default(BrotliDecoder);
        var status = decoder.Decompress(record.Slice(FrameHeaderBytes, length), split, out var consumed, out var written);
        if (status != System.Buffers.OperationStatus.Done || consumed != length || written != split.Length)
        {
            return null;
        }

        var step = ((double)max - min) / 65535.0;
        var plane = new FloatPlane(width, height);
        Parallel.For(0, height, y =>
        {
            var low = split.AsSpan(y * width, width);
            var high = split.AsSpan(pixels + (y * width), width);
            var row = plane.Row(y);
            var q = 0;
            for (var x = 0; x < width; x++)
            {
                q = (ushort)(q + (low[x] | (high[x] << 8)));
                row[x] = (float)(min + (q * step));
            }
        });

        return plane;
    }

    /// <summary>The finite minimum and maximum; (0, 0) where no value is finite.</summary>
    private static (float Min, float Max) FiniteRange(FloatPlane plane)
    {
        var mins = new float[plane.Height];
        var maxs = new float[plane.Height];
        Parallel.For(0, plane.Height, y =>
        {
            var lo = float.PositiveInfinity;
            var hi = float.NegativeInfinity;
            foreach (var v in plane.ReadRow(y))
            {
                if (float.IsFinite(v))
                {
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }

            mins[y] = lo;
            maxs[y] = hi;
        });

        var min = mins.Min();
        var max = maxs.Max();
        return float.IsFinite(min) ? (min, max) : (0f, 0f);
    }
}
