namespace SpatialMe.Stereo.Evaluation;

/// <summary>One line of the evaluation table (also the JSON shape of <c>spatialme eval --json</c>).</summary>
/// <param name="Method">naive, poly, temporal, de or fusion.</param>
/// <param name="Region">all (the whole image) or occluded (the disocclusion holes of the ground-truth warp).</param>
public sealed record EvaluationRow(string Scene, string Method, string Region, double Mae, double Psnr, double Ssim);
