namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>What one sitemap lists.</summary>
/// <param name="Pages">Page URLs as written (<c>&lt;url&gt;&lt;loc&gt;</c>, or the lines of a text sitemap).</param>
/// <param name="Sitemaps">Further sitemaps (<c>&lt;sitemap&gt;&lt;loc&gt;</c> of a sitemap index).</param>
/// <param name="Dropped">Entries beyond the per-sitemap limit, not kept.</param>
internal sealed record Sitemap(IReadOnlyList<string> Pages, IReadOnlyList<string> Sitemaps, int Dropped);
