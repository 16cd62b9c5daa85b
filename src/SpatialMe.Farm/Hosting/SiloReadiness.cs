using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SpatialMe.Farm.Hosting;

/// <summary>
/// Whether a silo is a working member of its cluster: active in the membership table as this silo sees it. False
/// before it has joined and from the moment it starts shutting down (it stops taking work and hands its activations
/// back), so a readiness probe (<c>/readyz</c> on the silo's metrics endpoint) follows the silo's own state.
/// </summary>
public static class SiloReadiness
{
    /// <summary>A check of <paramref name="silo"/>'s membership status, cheap enough for every probe.</summary>
    public static Func<bool> Of(IHost silo)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        var local = silo.Services.GetRequiredService<ILocalSiloDetails>();
        return () => membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress) == SiloStatus.Active;
    }
}
