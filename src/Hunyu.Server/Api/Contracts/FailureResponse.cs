using Hunyu.Core.Catalog;

namespace Hunyu.Server.Api.Contracts;

/// <summary>One input an ingestion could not take, with its reason.</summary>
/// <param name="Input">The file or record key.</param>
/// <param name="Code">Stable error code.</param>
/// <param name="Reason">One line naming the input and what was wrong.</param>
public sealed record FailureResponse(string Input, string Code, string Reason)
{
    /// <summary>The response form of <paramref name="failure"/>.</summary>
    public static FailureResponse From(IngestionFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(failure.Input, failure.Code, failure.Reason);
    }
}
