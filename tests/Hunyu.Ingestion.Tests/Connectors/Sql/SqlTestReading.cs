using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>Reads a connector the way the ingestion job does.</summary>
internal static class SqlTestReading
{
    public static async Task<SourceItem> SingleItemAsync(this SqlConnector connector)
    {
        var items = new List<SourceItem>();
        await foreach (var item in connector.ReadAsync(TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        return Assert.Single(items);
    }

    public static async Task<(List<ParsedDocument> Documents, List<ParseProblem> Problems)> ReadAllAsync(this SqlConnector connector)
    {
        var item = await connector.SingleItemAsync();
        Assert.Null(item.Problem);
        var problems = new List<ParseProblem>();
        var documents = item.ReadDocuments(problems).ToList();
        return (documents, problems);
    }

    public static string BlockText(this ParsedDocument document) => string.Join("\n", document.Blocks.Select(b => b.Text));
}
