using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Depth;

/// <summary>Pearson correlation of two same-size planes, summed in double in index order (deterministic).</summary>
internal static class PlaneCorrelation
{
    public static double Pearson(FloatPlane a, FloatPlane b)
    {
        var n = a.Data.Length;
        double sa = 0, sb = 0;
        for (var i = 0; i < n; i++)
        {
            sa += a.Data[i];
            sb += b.Data[i];
        }

        double ma = sa / n, mb = sb / n, sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            var da = a.Data[i] - ma;
            var db = b.Data[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        var denominator = Math.Sqrt(saa * sbb);
        return denominator > 0 ? sab / denominator : 0;
    }
}
