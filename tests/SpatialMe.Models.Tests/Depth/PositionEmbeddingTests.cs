using SpatialMe.Models.Depth;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests.Depth;

public sealed class PositionEmbeddingTests
{
    [Fact]
    public void Grid_is_resized_bicubically_by_the_offset_scale_factor_as_an_independent_computation_gives()
    {
        const int grid = DepthAnythingConfig.PositionGrid;
        const int dim = 3;
        var values = new float[((grid * grid) + 1) * dim];
        var random = new Random(3);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble();
        }

        using var pos = tensor(values, [1, (grid * grid) + 1, dim]);
        const int rows = 20, cols = 29;
        using var resized = DinoV2Encoder.InterpolatePositions(pos, rows, cols);
        Assert.Equal([1L, (rows * cols) + 1, dim], resized.shape);
        var actual = resized.data<float>().ToArray();

        for (var c = 0; c < dim; c++)
        {
            Assert.Equal(values[c], actual[c]); // class token untouched
        }

        var rowScale = (rows + 0.1) / grid;
        var colScale = (cols + 0.1) / grid;
        for (var r = 0; r < rows; r++)
        {
            for (var q = 0; q < cols; q++)
            {
                for (var c = 0; c < dim; c++)
                {
                    var expected = Bicubic((y, x) => values[(((y * grid) + x + 1) * dim) + c], grid, ((r + 0.5) / rowScale) - 0.5, ((q + 0.5) / colScale) - 0.5);
                    Assert.True(Math.Abs(expected - actual[((((r * cols) + q) + 1) * dim) + c]) < 1e-5, $"({r}, {q}, {c})");
                }
            }
        }
    }

    [Fact]
    public void The_training_grid_is_used_as_stored()
    {
        using var pos = randn(1, 1370, 4);
        using var same = DinoV2Encoder.InterpolatePositions(pos, 37, 37);
        Assert.True(same.allclose(pos, 0, 0));
    }

    /// <summary>Keys bicubic (A = −0.75) with edge-clamped taps, written from the formula, not from our resize code.</summary>
    private static double Bicubic(Func<int, int, float> at, int size, double y, double x)
    {
        static double W(double d)
        {
            const double a = -0.75;
            d = Math.Abs(d);
            return d <= 1 ? ((a + 2) * d * d * d) - ((a + 3) * d * d) + 1 : d < 2 ? (a * d * d * d) - (5 * a * d * d) + (8 * a * d) - (4 * a) : 0;
        }

        var y0 = (int)Math.Floor(y);
        var x0 = (int)Math.Floor(x);
        double sum = 0;
        for (var i = -1; i <= 2; i++)
        {
            for (var j = -1; j <= 2; j++)
            {
                sum += W(y - (y0 + i)) * W(x - (x0 + j)) * at(Math.Clamp(y0 + i, 0, size - 1), Math.Clamp(x0 + j, 0, size - 1));
            }
        }

        return sum;
    }
}
