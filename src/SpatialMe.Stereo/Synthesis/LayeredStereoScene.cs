using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Stereo.Synthesis;

/// <summary>A stereo pair with exactly known geometry: the left and right views and the left view's disparity in pixels.</summary>
public sealed record SyntheticStereoPair(RgbImage Left, RgbImage Right, FloatPlane Disparity);

/// <summary>
/// Stereo pairs with exact ground truth made from ordinary photos, for training the refiner where real stereo with
/// ground truth is scarce: a background photo on a plane sloping towards the viewer (nearer at the bottom, as a floor
/// or a street is) and one to <see cref="LayeredStereoSceneOptions.MaxObjects"/> objects in front of it — organic
/// blobs and rectangles, each textured with another photo, each at its own nearer disparity. Both views are rendered from
/// the same layers (right pixel x shows what the layer has at x + d), so every disocclusion is where a real camera pair
/// would have one — beside a nearer object's edge — and its true content is the farther layer's own texture, not an
/// interpolation. Edges are anti-aliased (coverage of a half-pixel ramp), as a camera's pixels mix at edges. The
/// layers' textures reach <see cref="LayeredStereoSceneOptions.MaxDisparity"/> past the left view's right edge, so the
/// right view's border band is real content too. With <see cref="LayeredStereoSceneOptions.Slant"/> the surfaces are
/// planes tilted in depth (each object's disparity varies across it, the background's along the rows too), so a
/// disocclusion's background changes depth across the hole and a surface is foreshortened between the views, as real
/// surfaces are; with <see cref="LayeredStereoSceneOptions.Noise"/> each view gets its own sensor noise, so the right
/// view is not an exact resampling of the left. Deterministic: the same photos, options and seed give the same pair.
/// </summary>
public static class LayeredStereoScene
{
    public static SyntheticStereoPair Make(IReadOnlyList<RgbImage> photos, LayeredStereoSceneOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (photos.Count == 0)
        {
            throw new ArgumentException("at least one photo is needed.", nameof(photos));
        }

        var random = new Random(seed);
        int w = options.Width, h = options.Height;
        var canvasWidth = w + (int)Math.Ceiling(options.MaxDisparity) + 2;
        var d = options.MaxDisparity;
        var layers = new List<SceneLayer>();

        // The background: far, sloping nearer towards the bottom of the frame (and, slanted, along the rows: never
        // behind the cameras' infinity, so the tilt is at most the background's own near disparity across the half width).
        var near = random.NextDouble() * 0.35 * d;
        var slope = random.NextDouble() * 0.25 * d;
        // (Nothing is drawn for a tilt when Slant is 0, so scenes made before it existed are made again bit for bit.)
        var across = options.Slant > 0 ? options.Slant * (2 * random.NextDouble() - 1) * near / (w / 2.0) : 0;
        layers.Add(new SceneLayer(Texture(photos, random, canvasWidth, h), new FullShape(), DisparityPlane.Through(near, across, slope / h, w / 2.0, 0)));
        var floor = near + slope + Math.Abs(across) * (canvasWidth - (w / 2.0)); // the background's nearest disparity

        var count = random.Next(options.MinObjects, options.MaxObjects + 1);
        var disparities = Enumerable.Range(0, count)
            .Select(_ => floor + (0.1 + 0.9 * random.NextDouble()) * (d - floor) * 0.95)
            .Order()
            .ToList();
        for (var i = 0; i < disparities.Count; i++)
        {
            var texture = Texture(photos, random, canvasWidth, h);
            var shape = Shape(random, w, h);

            // Slanted, an object's disparity may move by Slant times half the gap to the layers before and after it
            // across its extent, so the layers never cross in depth and the painting order stays the depth order
            // everywhere (which is what lets the right view be painted in the same order).
            var below = i == 0 ? floor : disparities[i - 1];
            var above = i == disparities.Count - 1 ? d : disparities[i + 1];
            var reach = options.Slant * Math.Min(disparities[i] - below, above - disparities[i]) / 2 / (shape.Radius + 1);
            var angle = options.Slant > 0 ? random.NextDouble() * 2 * Math.PI : 0;
            var tilt = options.Slant > 0 ? random.NextDouble() * reach : 0;
            layers.Add(new SceneLayer(texture, shape, DisparityPlane.Through(disparities[i], tilt * Math.Cos(angle), tilt * Math.Sin(angle), shape.CentreX, shape.CentreY)));
        }

        var left = new RgbImage(w, h);
        var right = new RgbImage(w, h);
        var disparityMap = new FloatPlane(w, h);
        Parallel.For(0, h, y =>
        {
            var leftRow = left.Row(y);
            var rightRow = right.Row(y);
            var dRow = disparityMap.Row(y);
            Span<float> colour = stackalloc float[3];
            for (var x = 0; x < w; x++)
            {
                dRow[x] = (float)Composite(layers, x, y, leftRow.Slice(3 * x, 3), colour, shift: false);
                Composite(layers, x, y, rightRow.Slice(3 * x, 3), colour, shift: true);
            }
        });
        if (options.Noise > 0)
        {
            AddNoise(left, options.Noise, random);
            AddNoise(right, options.Noise, random);
        }

        return new SyntheticStereoPair(left, right, disparityMap);
    }

    /// <summary>Independent Gaussian noise of standard deviation <paramref name="sigma"/> grey levels on every sample, drawn in
    /// order from <paramref name="random"/> (so a seed repeats).</summary>
    private static void AddNoise(RgbImage image, double sigma, Random random)
    {
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var i = 0; i < row.Length; i++)
            {
                // Box–Muller: one normal deviate from two uniforms (1 - u keeps the logarithm finite).
                var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                row[i] = (byte)Math.Clamp((int)Math.Round(row[i] + sigma * normal), 0, 255);
            }
        }
    }

    /// <summary>
    /// Paints pixel (x, y) of one view back to front and returns the disparity of the nearest layer covering at least
    /// half of it. The right view (<paramref name="shift"/>) reads each layer at x + its disparity on that row.
    /// </summary>
    private static double Composite(List<SceneLayer> layers, int x, int y, Span<byte> pixel, Span<float> colour, bool shift)
    {
        colour.Clear();
        var disparity = 0.0;
        foreach (var layer in layers)
        {
            var xs = shift ? layer.Plane.SourceOfRightPixel(x, y) : x;
            var alpha = layer.Shape.Coverage(xs, y);
            if (alpha <= 0)
            {
                continue;
            }

            layer.Sample(xs, y, out var r, out var g, out var b);
            colour[0] += (float)(alpha * (r - colour[0]));
            colour[1] += (float)(alpha * (g - colour[1]));
            colour[2] += (float)(alpha * (b - colour[2]));
            if (alpha >= 0.5)
            {
                disparity = layer.Plane.At(xs, y);
            }
        }

        for (var c = 0; c < 3; c++)
        {
            pixel[c] = (byte)Math.Clamp((int)Math.Round(colour[c]), 0, 255);
        }

        return disparity;
    }

    /// <summary>A random crop of a random photo, scaled (bilinear) to cover <paramref name="width"/> × <paramref name="height"/>.</summary>
    private static RgbImage Texture(IReadOnlyList<RgbImage> photos, Random random, int width, int height)
    {
        var photo = photos[random.Next(photos.Count)];

        // The crop keeps the canvas's aspect ratio and spans 40-100 % of what the photo allows.
        var fit = Math.Min((double)photo.Width / width, (double)photo.Height / height);
        var scale = fit * (0.4 + 0.6 * random.NextDouble());
        var cropWidth = width * scale;
        var cropHeight = height * scale;
        var x0 = random.NextDouble() * (photo.Width - cropWidth);
        var y0 = random.NextDouble() * (photo.Height - cropHeight);
        var texture = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var row = texture.Row(y);
            var sy = y0 + (y + 0.5) * scale - 0.5;
            for (var x = 0; x < width; x++)
            {
                Bilinear(photo, x0 + (x + 0.5) * scale - 0.5, sy, out var r, out var g, out var b);
                row[3 * x] = (byte)Math.Round(r);
                row[3 * x + 1] = (byte)Math.Round(g);
                row[3 * x + 2] = (byte)Math.Round(b);
            }
        }

        return texture;
    }

    /// <summary>A blob (a circle with low-order radial waves, 2-4 lobes) or a rectangle, 8-35 % of the height across, anywhere in the frame.</summary>
    private static IShape Shape(Random random, int width, int height)
    {
        var size = height * (0.08 + 0.27 * random.NextDouble());
        var cx = random.NextDouble() * width;
        var cy = random.NextDouble() * height;
        if (random.NextDouble() < 0.35)
        {
            var aspect = 0.4 + 1.2 * random.NextDouble();
            return new RectangleShape(cx, cy, size * aspect, size / aspect);
        }

        var waves = Enumerable.Range(2, 3).Select(k => (k, Amplitude: 0.18 * random.NextDouble() / k * 2, Phase: random.NextDouble() * 2 * Math.PI)).ToArray();
        return new BlobShape(cx, cy, size, waves);
    }

    internal static void Bilinear(RgbImage image, double x, double y, out double r, out double g, out double b)
    {
        x = Math.Clamp(x, 0, image.Width - 1);
        y = Math.Clamp(y, 0, image.Height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, image.Width - 1);
        var y1 = Math.Min(y0 + 1, image.Height - 1);
        double fx = x - x0, fy = y - y0;
        var top = image.ReadRow(y0);
        var bottom = image.ReadRow(y1);
        r = Mix(top, bottom, x0, x1, fx, fy, 0);
        g = Mix(top, bottom, x0, x1, fx, fy, 1);
        b = Mix(top, bottom, x0, x1, fx, fy, 2);
    }

    private static double Mix(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int x0, int x1, double fx, double fy, int c) =>
        (1 - fy) * ((1 - fx) * top[3 * x0 + c] + fx * top[3 * x1 + c])
        + fy * ((1 - fx) * bottom[3 * x0 + c] + fx * bottom[3 * x1 + c]);

    /// <summary>One layer: its texture over the canvas, its shape, and the plane its disparity lies on.</summary>
    private sealed record SceneLayer(RgbImage Texture, IShape Shape, DisparityPlane Plane)
    {
        public void Sample(double x, int y, out double r, out double g, out double b) => Bilinear(Texture, x, y, out r, out g, out b);
    }

    /// <summary>A layer's disparity d(x, y) = offset + gx · x + gy · y, in the left view's coordinates.</summary>
    private readonly record struct DisparityPlane(double Offset, double Gx, double Gy)
    {
        /// <summary>The plane with disparity <paramref name="disparity"/> at (<paramref name="x0"/>, <paramref name="y0"/>) and the given gradient.</summary>
        public static DisparityPlane Through(double disparity, double gx, double gy, double x0, double y0) => new(disparity - (gx * x0) - (gy * y0), gx, gy);

        public double At(double x, double y) => Offset + (Gx * x) + (Gy * y);

        /// <summary>The left-view column whose point the right view shows at column x: the xs with xs = x + d(xs, y), which for a
        /// plane is closed-form (|gx| stays far below 1: the tilt is a fraction of a disparity across an object).</summary>
        public double SourceOfRightPixel(int x, int y) => (x + (Offset + (Gy * y))) / (1 - Gx);
    }

    private interface IShape
    {
        double CentreX { get; }

        double CentreY { get; }

        /// <summary>Every pixel the shape covers lies within this distance of its centre.</summary>
        double Radius { get; }

        /// <summary>How much of the pixel centred at (x, y) the shape covers, 0-1: a one-pixel ramp across its edge.</summary>
        double Coverage(double x, double y);
    }

    private sealed class FullShape : IShape
    {
        public double CentreX => 0;

        public double CentreY => 0;

        public double Radius => double.PositiveInfinity;

        public double Coverage(double x, double y) => 1;
    }

    private sealed class RectangleShape(double cx, double cy, double width, double height) : IShape
    {
        public double CentreX => cx;

        public double CentreY => cy;

        public double Radius => Math.Sqrt((width * width) + (height * height)) / 2;

        public double Coverage(double x, double y)
        {
            // Signed distance to an axis-aligned rectangle (negative inside).
            var dx = Math.Abs(x - cx) - width / 2;
            var dy = Math.Abs(y - cy) - height / 2;
            var outside = Math.Sqrt(Math.Pow(Math.Max(dx, 0), 2) + Math.Pow(Math.Max(dy, 0), 2));
            var distance = outside + Math.Min(Math.Max(dx, dy), 0);
            return Math.Clamp(0.5 - distance, 0, 1);
        }
    }

    private sealed class BlobShape(double cx, double cy, double radius, (int K, double Amplitude, double Phase)[] waves) : IShape
    {
        public double CentreX => cx;

        public double CentreY => cy;

        public double Radius => radius * (1 + waves.Sum(w => w.Amplitude));

        public double Coverage(double x, double y)
        {
            double dx = x - cx, dy = y - cy;
            var angle = Math.Atan2(dy, dx);
            var edge = radius;
            foreach (var (k, amplitude, phase) in waves)
            {
                edge += radius * amplitude * Math.Cos(k * angle + phase);
            }

            // Radial distance to the edge: close to the true distance for these gentle waves.
            return Math.Clamp(0.5 - (Math.Sqrt(dx * dx + dy * dy) - edge), 0, 1);
        }
    }
}

/// <summary>Size and depth range of the scenes <see cref="LayeredStereoScene"/> makes.</summary>
public sealed class LayeredStereoSceneOptions
{
    public int Width { get; set; } = 640;

    public int Height { get; set; } = 400;

    /// <summary>The nearest object's disparity, pixels (the background is at 0-60 % of it).</summary>
    public double MaxDisparity { get; set; } = 32;

    public int MinObjects { get; set; } = 1;

    public int MaxObjects { get; set; } = 4;

    /// <summary>How far surfaces tilt in depth, 0-1: 0 keeps every object facing the cameras (one disparity each) and the
    /// background sloping only down the frame; 1 lets an object's disparity move by up to half the gap to the nearest
    /// other layer across it (so layers never cross in depth) and the background's by up to its own near disparity.</summary>
    public double Slant { get; set; }

    /// <summary>Standard deviation of the independent Gaussian noise added to each view, grey levels (0: none).</summary>
    public double Noise { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (Width < 16 || Height < 16)
        {
            throw new ArgumentException($"scenes must be at least 16x16 pixels, got {Width}x{Height}.");
        }

        if (!(MaxDisparity >= 1) || MaxDisparity > Width / 2.0)
        {
            throw new ArgumentException($"the largest disparity must be 1 to half the width ({Width / 2}) pixels, got {MaxDisparity}.");
        }

        if (!(Slant >= 0 && Slant <= 1))
        {
            throw new ArgumentException($"the slant must be 0 to 1, got {Slant}.");
        }

        if (!(Noise >= 0 && Noise <= 64))
        {
            throw new ArgumentException($"the noise must be 0 to 64 grey levels, got {Noise}.");
        }

        if (MinObjects < 0 || MaxObjects < MinObjects || MaxObjects > 16)
        {
            throw new ArgumentException($"objects per scene must satisfy 0 <= min <= max <= 16, got {MinObjects}-{MaxObjects}.");
        }
    }
}
