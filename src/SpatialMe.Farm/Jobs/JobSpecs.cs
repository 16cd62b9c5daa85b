using SpatialMe.Farm.Work;
using SpatialMe.Media;
using SpatialMe.Media.Segments;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;

namespace SpatialMe.Farm.Jobs;

/// <summary>Turns a <see cref="JobSpec"/> into the compute settings, and checks it before anything is queued.</summary>
public static class JobSpecs
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field.</summary>
    public static void Validate(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Input))
        {
            throw new ArgumentException("input is empty.");
        }

        if (string.IsNullOrWhiteSpace(spec.Output))
        {
            throw new ArgumentException("output is empty.");
        }

        StereoFormats.Parse(spec.Format);
        ConversionSettings(spec).Validate();
        EncodeSettings(spec).Validate();
        SegmentOptions(spec).Validate();
        if (spec.StartFrame is < 0)
        {
            throw new ArgumentException($"start frame must not be negative, got {spec.StartFrame}.");
        }

        if (spec.StartFrame is { } s && spec.EndFrame is { } e && e <= s)
        {
            throw new ArgumentException($"end frame {e} must come after start frame {s}.");
        }

        if (spec.Models is { } models)
        {
            Validate(models);
        }
    }

    /// <summary>A model named without its fingerprint could be swapped under the job's id, so both are required.</summary>
    private static void Validate(JobModels models)
    {
        if (models.Refiner is not null && string.IsNullOrWhiteSpace(models.RefinerFingerprint))
        {
            throw new ArgumentException($"refiner '{models.Refiner}' comes without its fingerprint.");
        }

        if (models.DepthModel is not null && string.IsNullOrWhiteSpace(models.DepthModelFingerprint))
        {
            throw new ArgumentException($"depth model '{models.DepthModel}' comes without its fingerprint.");
        }

        if (models.DepthInputSize < SpatialMe.Models.Depth.DepthAnythingConfig.PatchSize)
        {
            throw new ArgumentException($"depth input size must be at least {SpatialMe.Models.Depth.DepthAnythingConfig.PatchSize}, got {models.DepthInputSize}.");
        }
    }

    public static ConversionSettings ConversionSettings(JobSpec spec) => new()
    {
        Format = StereoFormats.Parse(spec.Format),
        Disparity = new DisparitySettings { Divergence = spec.Divergence, Convergence = spec.Convergence },
    };

    public static ConversionSettings ConversionSettings(SegmentWork work) => new()
    {
        Format = StereoFormats.Parse(work.Format),
        Disparity = new DisparitySettings { Divergence = work.Divergence, Convergence = work.Convergence },
    };

    public static EncodeSettings EncodeSettings(JobSpec spec) => new()
    {
        Codec = spec.Codec,
        Crf = spec.Crf,
        Preset = spec.Preset,
        PixelFormat = spec.PixelFormat,
    };

    public static SegmentPlanOptions SegmentOptions(JobSpec spec) => new()
    {
        SegmentFrames = spec.SegmentFrames,
        Overlap = spec.Overlap,
    };
}
