namespace SpatialMe.Models.Training;

/// <summary>The losses of one training step, for the log and the progress line.</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="OcclusionWeightedL1">Eq. 8's content loss of the refiner's output.</param>
/// <param name="Adversarial">The refiner's adversarial loss (how far its output is from fooling the discriminator).</param>
/// <param name="Discriminator">The discriminator's own loss.</param>
/// <param name="Total">The weighted sum the refiner minimises.</param>
/// <param name="Perceptual">The VGG19 perceptual loss (<see cref="PerceptualLoss"/>), unweighted; 0 when the term is off.
/// Last and optional so the earlier positional form still reads the same.</param>
/// <param name="Structural">The structural term (<see cref="Refiner.StructuralLoss"/>), unweighted; 0 when it is off.</param>
public sealed record StepLosses(long Step, double OcclusionWeightedL1, double Adversarial, double Discriminator, double Total, double Perceptual = 0, double Structural = 0);
