namespace Hunyu.Models.Gateway;

/// <summary>Where a model runs, which decides what evidence it may see.</summary>
public enum ModelLocation
{
    /// <summary>A hosted service outside the organisation (<c>cloud</c>): never sees sensitive evidence.</summary>
    Cloud,

    /// <summary>On the organisation's own servers (<c>on_prem</c>).</summary>
    OnPrem,

    /// <summary>On the device or branch site that asks (<c>edge</c>).</summary>
    Edge,
}
