using Hunyu.Hosting.Sources;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A source with its counts and stored definition.</summary>
/// <param name="Id">Stable source id.</param>
/// <param name="Domain">The domain it feeds.</param>
/// <param name="Kind">Connector kind: <c>files</c>, <c>sql</c>, <c>web</c>, <c>upload</c> or <c>notes</c>.</param>
/// <param name="Location">The connector's address of the source (never credentials).</param>
/// <param name="DocumentCount">Live documents from this source.</param>
/// <param name="CreatedAt">When the source was first registered.</param>
/// <param name="LastIngestedAt">When it was last ingested, if ever.</param>
/// <param name="Definition">Its stored definition (the body of <c>POST /api/sources</c>; it holds no secret); null for a source ingested directly.</param>
public sealed record SourceEntryResponse(
    string Id,
    string Domain,
    string Kind,
    string Location,
    int DocumentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastIngestedAt,
    SourceDefinition? Definition)
{
    /// <summary>The response form of <paramref name="listing"/>.</summary>
    public static SourceEntryResponse From(SourceListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var source = listing.Summary.Source;
        return new(source.Id, source.Domain, source.Kind, source.Location, listing.Summary.DocumentCount, source.CreatedAt, listing.Summary.LastIngestedAt, listing.Definition);
    }
}
