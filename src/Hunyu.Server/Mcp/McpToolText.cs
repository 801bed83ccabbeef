using System.Globalization;
using System.Net;
using System.Text;
using Hunyu.Core.Search;
using Hunyu.Hosting;

namespace Hunyu.Server.Mcp;

/// <summary>The readable text block of each tool result, for clients that show or forward text only.</summary>
internal static class McpToolText
{
    /// <summary>Most fields of a record listed under its hit (as the CLI shows them).</summary>
    public const int MaxShownFields = 12;

    /// <summary>Ranked hits, one block each, then the warnings.</summary>
    public static string Search(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{result.Hits.Count} of {result.TotalHits} matching passages ({result.Routing})\n");
        foreach (var hit in result.Hits)
        {
            var where = string.Join(" · ", new[] { hit.Domain, hit.SectionPath, hit.Page is { } page ? $"p.{page}" : string.Empty }.Where(s => s.Length > 0));
            text.Append(CultureInfo.InvariantCulture, $"\n{hit.Rank}. {hit.Title} ({where}) score {hit.Score:F2}\n");
            text.Append(CultureInfo.InvariantCulture, $"   document_id: {hit.DocumentId} · source: {hit.SourceId} · {hit.Uri}\n");
            text.Append("   ").Append(Plain(hit.Snippet)).Append('\n');
            if (hit.DocumentKey.Contains('#', StringComparison.Ordinal) && hit.Fields.Count > 0)
            {
                text.Append("   fields: ").AppendJoin("; ", hit.Fields.Take(MaxShownFields).Select(f => $"{f.Key}={f.Value}")).Append('\n');
            }
        }

        AppendWarnings(text, result.Warnings);
        return text.ToString();
    }

    /// <summary>The answer, its numbered sources, who answered, then the warnings.</summary>
    public static string Ask(AskResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var answer = result.Answer;
        var text = new StringBuilder(answer.Text).Append('\n');
        if (answer.Citations.Count > 0)
        {
            text.Append("\nSources:\n");
            foreach (var citation in answer.Citations)
            {
                var page = citation.Page is { } p ? $", p.{p}" : string.Empty;
                text.Append(CultureInfo.InvariantCulture, $"[{citation.Number}] {citation.Title}{page} — document_id: {citation.DocumentId} · {citation.Uri}\n");
                text.Append("    \"").Append(citation.Quote.ReplaceLineEndings(" ")).Append("\"\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\nanswerer: {answer.Answerer}{(answer.Abstained ? " (abstained: no adequate evidence)" : string.Empty)}");
        if (result.Decision is { } decision)
        {
            text.Append(CultureInfo.InvariantCulture, $"; model: {decision.Model ?? "none"} ({string.Join("; ", decision.Reasons)})");
        }

        text.Append('\n');
        AppendWarnings(text, result.Search.Warnings);
        return text.ToString();
    }

    /// <summary>The document's title and provenance, then its text.</summary>
    public static string Document(DocumentTextResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var document = response.Document;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {document.Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"document_id: {document.Id} · domain: {document.Domain} · source: {document.SourceId} · version {document.Version} · updated {document.UpdatedAt:u}\n");
        text.Append(CultureInfo.InvariantCulture, $"uri: {document.Uri}\n\n");
        text.Append(response.Text);
        if (response.Truncated)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n[text cut at {response.Text.Length:N0} characters]");
        }

        return text.ToString();
    }

    private static void AppendWarnings(StringBuilder text, IReadOnlyList<SearchWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            text.Append(CultureInfo.InvariantCulture, $"warning [{warning.Code}] domain {warning.Domain}: {warning.Message}\n");
        }
    }

    // Snippets are HTML-escaped with query terms in <em>; text readers get the words, the matches in **bold**.
    private static string Plain(string snippet) =>
        WebUtility.HtmlDecode(snippet.Replace("<em>", "**", StringComparison.Ordinal).Replace("</em>", "**", StringComparison.Ordinal)).ReplaceLineEndings(" ");
}
