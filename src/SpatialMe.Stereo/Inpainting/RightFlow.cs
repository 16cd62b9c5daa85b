using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// Optical flow of the synthesised right view between two frames, derived from the left-view flow and both frames'
/// disparities, on a reduced grid. Holes take the flow of their background side.
/// </summary>
internal sealed class RightFlow
{
    /// <summary>Disparity change (px) between frames beyond which a point is taken to have met another surface.</summary>
    private const float SameSurface = 1.0f;

    /// <summary>Grid pixels beyond a hole's edge from which its flow is taken: flow right at a motion boundary is
    /// smeared across it, a little further into the background it is the background's own.</summary>
    private const int EdgeClearance = 6;

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

                // right pixel → its left source → along the left flow → back into the right view of the other frame,
                // with the point's disparity there. Where the other frame shows a different surface at that spot (the
                // point went behind something, or the flow bled across an edge), keep the point's own disparity:
                // a point's depth changes little from one frame to the next.
                var d = warp.Disparity[x, y];
                var xl = x + d;
                var (lx, ly) = leftFlow.At(xl, y);
                var x2 = xl + lx;
                var y2 = y + ly;
                var d2 = to.Disparity.Sample(x2, y2);
                if (MathF.Abs(d2 - d) > SameSurface)
                {
                    d2 = d;
                }

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
                var step = source >= end ? 1 : -1;
                for (var k = 0; k < EdgeClearance; k++)
                {
                    var next = source + step;
                    if (next < 0 || next >= holes.Length || holes[next] != 0)
                    {
                        break;
                    }

                    source = next;
                }

                fx.Slice(x, end - x).Fill(fx[source]);
                fy.Slice(x, end - x).Fill(fy[source]);
            }

            x = end;
        }
    }
}
