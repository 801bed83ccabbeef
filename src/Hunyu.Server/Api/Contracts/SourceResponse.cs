using Hunyu.Core.Catalog;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A source of a domain.</summary>
/// <param name="Id">Stable source id.</param>
/// <param name="Kind">Connector kind, e.g. <c>files</c> or <c>upload</c>.</param>
/// <param name="Location">The connector's address of the source, e.g. a folder.</param>
/// <param name="DocumentCount">Live documents from this source.</param>
/// <param name="CreatedAt">When the source was first registered.</param>
/// <param name="LastIngestedAt">When it was last ingested, if ever.</param>
public sealed record SourceResponse(string Id, string Kind, string Location, int DocumentCount, DateTimeOffset CreatedAt, DateTimeOffset? LastIngestedAt)
{
    /// <summary>The response form of <paramref name="summary"/>.</summary>
    public static SourceResponse From(SourceSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var source = summary.Source;
        return new(source.Id, source.Kind, source.Location, summary.DocumentCount, source.CreatedAt, summary.LastIngestedAt);
    }
}
