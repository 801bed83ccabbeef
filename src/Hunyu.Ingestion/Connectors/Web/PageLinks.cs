namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>What an HTML page says about crawling: its links and its robots meta directives.</summary>
/// <param name="Links">Canonical http(s) links in document order, without duplicates.</param>
/// <param name="NoIndex">The page asks not to be indexed (<c>noindex</c> or <c>none</c>).</param>
/// <param name="NoFollow">The page asks that its links not be followed (<c>nofollow</c> or <c>none</c>).</param>
internal sealed record PageLinks(IReadOnlyList<Uri> Links, bool NoIndex, bool NoFollow)
{
    /// <summary>No links, no directives.</summary>
    public static PageLinks None { get; } = new([], false, false);
}
