using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;

namespace SpatialMe.Stereo.Tests.Inpainting;

public sealed class DisparityExpansionTests
{
    /// <summary>8×8 map: foreground 10 in columns 0..3, background 2 in columns 4..7.</summary>
    private static FloatPlane Step()
    {
        var d = new FloatPlane(8, 8);
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                d[x, y] = x < 4 ? 10 : 2;
            }
        }

        return d;
    }

    [Fact]
    public void Algorithm_1_paints_a_2k_square_with_the_left_neighbour_value_at_a_qualifying_edge()
    {
        // One edge pixel at (i=3, j=4): I[3,3] − I[3,5] = 10 − 2 = 8 > λ = 1, and k = 2 ≤ j < 8 − 2, k ≤ i < 8 − 2.
        // Rows 1..4 and columns 2..5 (i−k..i+k−1, j−k..j+k−1) take I[3,3] = 10. Hand-computed result below.
        var edges = new byte[64];
        edges[(3 * 8) + 4] = 1;
        var result = DisparityExpansion.Expand(Step(), edges, radius: 2, threshold: 1);
        var expected = new[]
        {
            "10 10 10 10 2 2 2 2",
            "10 10 10 10 10 10 2 2",
            "10 10 10 10 10 10 2 2",
            "10 10 10 10 10 10 2 2",
            "10 10 10 10 10 10 2 2",
            "10 10 10 10 2 2 2 2",
            "10 10 10 10 2 2 2 2",
            "10 10 10 10 2 2 2 2",
        };
        for (var y = 0; y < 8; y++)
        {
            Assert.Equal(expected[y], string.Join(' ', result.ReadRow(y).ToArray()));
        }
    }

    [Fact]
    public void Edges_whose_step_is_not_above_lambda_or_that_face_the_other_way_are_left_alone()
    {
        var edges = new byte[64];
        edges[(3 * 8) + 4] = 1;
        Assert.Equal(Step().Data, DisparityExpansion.Expand(Step(), edges, radius: 2, threshold: 8).Data); // 8 is not > 8

        // Mirror: background on the left, foreground on the right — the right view's hole is not on this side.
        var mirrored = new FloatPlane(8, 8);
        for (var i = 0; i < 64; i++)
        {
            mirrored.Data[i] = Step().Data[(i / 8 * 8) + (7 - (i % 8))];
        }

        Assert.Equal(mirrored.Data, DisparityExpansion.Expand(mirrored, edges, radius: 2, threshold: 1).Data);
    }

    [Fact]
    public void Edge_pixels_within_k_of_the_border_are_skipped()
    {
        var edges = new byte[64];
        edges[(0 * 8) + 4] = 1; // row 0 < k
        edges[(7 * 8) + 4] = 1; // row 7 ≥ rows − k
        Assert.Equal(Step().Data, DisparityExpansion.Expand(Step(), edges, radius: 2, threshold: 1).Data);
    }

    [Fact]
    public void Canny_on_the_disparity_finds_the_step_and_the_expansion_moves_the_foreground_edge_right()
    {
        var d = new FloatPlane(40, 30);
        for (var y = 0; y < 30; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                d[x, y] = x < 20 ? 12 : 3;
            }
        }

        var expanded = DisparityExpansion.Expand(d, radius: 3, threshold: 1);
        // Interior rows: the foreground value now reaches 2 or 3 columns further right (Canny marks column 19 or 20).
        for (var y = 6; y < 24; y++)
        {
            Assert.Equal(12f, expanded[21, y]);
            Assert.Equal(3f, expanded[24, y]);
        }
    }
}
