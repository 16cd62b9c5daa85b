using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Packing;

/// <summary>Area-squeezes a view into a band of the output frame (half-SBS and half-TB).</summary>
internal static class HalfSqueeze
{
    /// <summary>Resamples <paramref name="view"/> to <paramref name="columns"/> columns at <paramref name="firstColumn"/> of <paramref name="output"/>.</summary>
    public static void IntoColumns(RgbImage view, RgbImage output, int firstColumn, int columns)
    {
        var coverage = new BoxCoverage(view.Width, columns);
        Parallel.For(0, view.Height, y =>
        {
            var src = view.ReadRow(y);
            var dst = output.Row(y).Slice(3 * firstColumn, 3 * columns);
            for (var j = 0; j < columns; j++)
            {
                var first = coverage.First[j];
                int r = 0, g = 0, b = 0;
                for (var k = coverage.Offsets[j]; k < coverage.Offsets[j + 1]; k++)
                {
                    var w = coverage.Weights[k];
                    var p = 3 * (first + k - coverage.Offsets[j]);
                    r += w * src[p];
                    g += w * src[p + 1];
                    b += w * src[p + 2];
                }

                dst[3 * j] = coverage.Normalise(r);
                dst[(3 * j) + 1] = coverage.Normalise(g);
                dst[(3 * j) + 2] = coverage.Normalise(b);
            }
        });
    }

    /// <summary>Resamples <paramref name="view"/> to <paramref name="rows"/> rows at <paramref name="firstRow"/> of <paramref name="output"/>.</summary>
    public static void IntoRows(RgbImage view, RgbImage output, int firstRow, int rows)
    {
        var coverage = new BoxCoverage(view.Height, rows);
        var length = view.Stride;
        Parallel.For(
            0,
            rows,
            () => new int[length],
            (j, _, sums) =>
            {
                Array.Clear(sums);
                var first = coverage.First[j];
                for (var k = coverage.Offsets[j]; k < coverage.Offsets[j + 1]; k++)
                {
                    var w = coverage.Weights[k];
                    var src = view.ReadRow(first + k - coverage.Offsets[j]);
                    for (var i = 0; i < length; i++)
                    {
                        sums[i] += w * src[i];
                    }
                }

                var dst = output.Row(firstRow + j);
                for (var i = 0; i < length; i++)
                {
                    dst[i] = coverage.Normalise(sums[i]);
                }

                return sums;
            },
            _ => { });
    }
}
