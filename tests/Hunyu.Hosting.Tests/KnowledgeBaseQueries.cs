using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;

namespace Hunyu.Hosting.Tests;

/// <summary>Short forms of the reads the tests repeat.</summary>
internal static class KnowledgeBaseQueries
{
    public static async Task<IReadOnlyList<SearchHit>> SearchAsync(this KnowledgeBase knowledge, string query, Principal? principal = null, int limit = 50)
    {
        var result = await knowledge.SearchAsync(new SearchRequest { Query = query, Principal = principal ?? Principal.LocalAdmin, Limit = limit });
        Assert.Empty(result.Warnings);
        return result.Hits;
    }

    public static async Task<IReadOnlyList<Document>> AllDocumentsAsync(this KnowledgeBase knowledge, string? domain = null)
    {
        var page = await knowledge.ListDocumentsAsync(Principal.LocalAdmin, domain, 0, 1000);
        Assert.Equal(page.Total, page.Documents.Count);
        return page.Documents;
    }
}
