namespace SpatialMe.Stereo.Packing;

/// <summary>
/// sRGB (IEC 61966-2-1) decoding of bytes to linear light by table, and encoding back to the nearest byte.
/// </summary>
internal static class SrgbTransfer
{
    /// <summary>Linear value of each 8-bit code.</summary>
    public static float[] ToLinear { get; } = BuildDecodeTable();

    /// <summary>
    /// <c>Thresholds[k]</c> is the linear value of code k + ½; a linear value v encodes to the number of thresholds
    /// ≤ v, which is exactly round-to-nearest in the encoded domain, with no pow per pixel.
    /// </summary>
    private static readonly float[] Thresholds = BuildThresholds();

    public static double Decode(double encoded) =>
        encoded <= 0.04045 ? encoded / 12.92 : Math.Pow((encoded + 0.055) / 1.055, 2.4);

    /// <summary>Encodes linear light to the nearest 8-bit code; values outside [0, 1] clamp to 0 or 255.</summary>
    public static byte Encode(float linear)
    {
        var code = 0;
        for (var step = 128; step > 0; step >>= 1)
        {
            if (Thresholds[code + step - 1] <= linear)
            {
                code += step;
            }
        }

        return (byte)code;
    }

    private static float[] BuildDecodeTable()
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = (float)Decode(i / 255.0);
        }

        return table;
    }

    private static float[] BuildThresholds()
    {
        var t = new float[255];
        for (var k = 0; k < 255; k++)
        {
            t[k] = (float)Decode((k + 0.5) / 255.0);
        }

        return t;
    }
}
