using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The paper's Feature Update Unit (§III-C, eqs. 4–7) at encoder level m. With f_i^m the level's encoder feature and
/// f_u^{m+1} the next level's encoder feature upsampled to level m:
/// <code>
/// z = σ(Conv_z([f_i^m, f_u^{m+1}]))      (4)  how much of the high-resolution update to keep
/// q = tanh(Conv_q([f_i^m, f_u^{m+1}]))   (5)  updated high-resolution feature
/// r = tanh(Conv_r([f_i^m, f_u^{m+1}]))   (6)  updated low-resolution feature
/// f_o^m = q·z + (1 − z)·r                (7)
/// </code>
/// Each Conv is 3×3 from C_m + C_{m+1} to C_m channels. f_o^m replaces f_i^m as the decoder's skip connection.
/// </summary>
internal sealed class FeatureUpdateUnit : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the state-dict keys of the weights file.
    private readonly nn.Module<Tensor, Tensor> gate;
    private readonly nn.Module<Tensor, Tensor> high;
    private readonly nn.Module<Tensor, Tensor> low;

    public FeatureUpdateUnit(string name, long channels, long coarseChannels)
        : base(name)
    {
        gate = nn.Conv2d(channels + coarseChannels, channels, kernel_size: 3, padding: 1);
        high = nn.Conv2d(channels + coarseChannels, channels, kernel_size: 3, padding: 1);
        low = nn.Conv2d(channels + coarseChannels, channels, kernel_size: 3, padding: 1);
        RegisterComponents();
    }

    /// <param name="feature">f_i^m, N × C_m × H × W.</param>
    /// <param name="coarser">f_i^{m+1}, N × C_{m+1} × H/2 × W/2, before upsampling.</param>
    public override Tensor forward(Tensor feature, Tensor coarser)
    {
        using var scope = NewDisposeScope();
        var upsampled = Upsample.ToSizeOf(coarser, feature);
        var joined = cat([feature, upsampled], 1);
        upsampled.Dispose();
        var z = gate.call(joined).sigmoid_();
        var q = high.call(joined).tanh_();
        var r = low.call(joined).tanh_();
        joined.Dispose();
        return ((q * z) + ((1 - z) * r)).MoveToOuterDisposeScope();
    }
}
