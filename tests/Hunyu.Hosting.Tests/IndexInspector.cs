using System.Globalization;
using Hunyu.Search.Lucene;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Hunyu.Hosting.Tests;

/// <summary>Reads a domain index directly with Lucene, bypassing the product, to count what it really holds.</summary>
internal static class IndexInspector
{
    /// <summary>Live chunks and distinct document ids in the last commit of <c>&lt;data&gt;/indexes/&lt;domain&gt;</c>; open no knowledge base on it meanwhile.</summary>
    public static (int Chunks, HashSet<string> DocumentIds) Read(string dataDirectory, string domain = "default")
    {
        var path = Path.Combine(dataDirectory, "indexes", domain);
        using var directory = FSDirectory.Open(path);
        Assert.True(DirectoryReader.IndexExists(directory), $"{path}: no readable index");
        using var reader = DirectoryReader.Open(directory);
        var live = MultiFields.GetLiveDocs(reader);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < reader.MaxDoc; i++)
        {
            if (live is null || live.Get(i))
            {
                ids.Add(reader.Document(i).Get(IndexFields.DocumentId, CultureInfo.InvariantCulture));
            }
        }

        return (reader.NumDocs, ids);
    }
}
