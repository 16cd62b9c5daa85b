using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// Optical flow of the synthesised right view between two frames, derived from the left-view flow and both frames'
/// disparities, on a reduced grid. Holes take the flow of their background side.
/// </summary>
internal sealed class RightFlow
{
    private readonly FlowField _field;

    private RightFlow(FlowField field) => _field = field;

    public (float Dx, float Dy) At(float x, float y) => _field.At(x, y);

    public static RightFlow From(TemporalFrame from, TemporalFrame to, FlowField leftFlow)
    {
        var scale = leftFlow.Scale;
        var gw = leftFlow.X.Width;
        var gh = leftFlow.X.Height;
        var w = from.Left.Width;
        var h = from.Left.Height;
        var fx = new FloatPlane(gw, gh);
        var fy = new FloatPlane(gw, gh);
        var gridHoles = new Mask(gw, gh);
        var gridDisparity = new FloatPlane(gw, gh);
        var warp = from.Warp;
        Parallel.For(0, gh, v =>
        {
            var y = Math.Min(h - 1, (int)((v + 0.5f) / scale));
            for (var u = 0; u < gw; u++)
            {
                var x = Math.Min(w - 1, (int)((u + 0.5f) / scale));
                if (warp.Holes[x, y])
                {
                    gridHoles[u, v] = true;
                    continue;
                }

                // right pixel → its left source → along the left flow → back into the right view of the other frame
                var d = warp.Disparity[x, y];
                var xl = x + d;
                var (lx, ly) = leftFlow.At(xl, y);
                var x2 = xl + lx;
                var y2 = y + ly;
                var d2 = to.Disparity.Sample(x2, y2);
                fx[u, v] = x2 - d2 - x;
                fy[u, v] = ly;
                gridDisparity[u, v] = d;
            }

            FillHolesFromBackground(gridHoles.ReadRow(v), fx.Row(v), fy.Row(v), gridDisparity.Row(v));
        });

        return new RightFlow(new FlowField(fx, fy, scale));
    }

    private static void FillHolesFromBackground(ReadOnlySpan<byte> holes, Span<float> fx, Span<float> fy, Span<float> disparity)
    {
        var x = 0;
        while (x < holes.Length)
        {
            if (holes[x] == 0)
            {
                x++;
                continue;
            }

            var end = HoleRuns.RunEnd(holes, x);
            var source = BackgroundFill.BackgroundSide(x, end, disparity);
            if (source >= 0)
            {
                fx.Slice(x, end - x).Fill(fx[source]);
                fy.Slice(x, end - x).Fill(fy[source]);
            }

            x = end;
        }
    }
}
