using Hunyu.Core.Search;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A part of a search that failed while the rest answered.</summary>
/// <param name="Domain">The domain concerned.</param>
/// <param name="Code">Stable error code.</param>
/// <param name="Message">What went wrong.</param>
public sealed record WarningResponse(string Domain, string Code, string Message)
{
    /// <summary>The response form of <paramref name="warning"/>.</summary>
    public static WarningResponse From(SearchWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return new(warning.Domain, warning.Code, warning.Message);
    }
}
