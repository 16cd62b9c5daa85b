using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Packing;

/// <summary>
/// The simple red-cyan anaglyphs. Half-colour: red = luma(left), green and blue = the right view's own green and
/// blue. Grey: red = luma(left), green = blue = luma(right). Luma is BT.601 on the encoded values,
/// <c>(299·R + 587·G + 114·B + 500) / 1000</c>, i.e. 0.299/0.587/0.114 rounded half up in exact integers.
/// </summary>
internal static class LumaAnaglyph
{
    public static byte Luma(byte r, byte g, byte b) => (byte)(((299 * r) + (587 * g) + (114 * b) + 500) / 1000);

    public static void RenderHalfColor(RgbImage left, RgbImage right, RgbImage output) =>
        Render(left, right, output, grayRight: false);

    public static void RenderGray(RgbImage left, RgbImage right, RgbImage output) =>
        Render(left, right, output, grayRight: true);

    private static void Render(RgbImage left, RgbImage right, RgbImage output, bool grayRight)
    {
        var width = left.Width;
        Parallel.For(0, left.Height, y =>
        {
            var l = left.ReadRow(y);
            var r = right.ReadRow(y);
            var o = output.Row(y);
            for (var x = 0; x < width; x++)
            {
                var p = 3 * x;
                o[p] = Luma(l[p], l[p + 1], l[p + 2]);
                if (grayRight)
                {
                    var v = Luma(r[p], r[p + 1], r[p + 2]);
                    o[p + 1] = v;
                    o[p + 2] = v;
                }
                else
                {
                    o[p + 1] = r[p + 1];
                    o[p + 2] = r[p + 2];
                }
            }
        });
    }
}
