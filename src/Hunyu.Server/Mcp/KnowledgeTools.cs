using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Hosting;
using Hunyu.Server.Api;
using Hunyu.Server.Api.Contracts;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Hunyu.Server.Mcp;

/// <summary>
/// The MCP tools <c>search</c>, <c>ask</c> and <c>get_document</c>. Each goes through the <see cref="KnowledgeBase"/> facade
/// as the caller's principal, so audit, visibility and warnings are those of the CLI and the API, and answers with the
/// API's response records as structured content plus a readable text block.
/// </summary>
/// <remarks>
/// Bad arguments come back as tool errors (<c>isError</c>) whose text starts with the error code and names the argument,
/// so a model can correct its call; unexpected failures are left to the SDK, which answers without internals.
/// </remarks>
[McpServerToolType]
internal sealed class KnowledgeTools(KnowledgeBase knowledge, McpCaller caller)
{
    /// <summary>Longest document text <c>get_document</c> returns, in characters; a model's context is the limit that matters.</summary>
    public const int MaxDocumentCharacters = 100_000;

    /// <summary>Longest document id accepted, in characters (ids are hashes; anything longer is not one).</summary>
    public const int MaxIdLength = 200;

    /// <summary>Searches the knowledge base.</summary>
    [McpServerTool(Name = "search", Title = "Search the knowledge base", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(SearchResponse))]
    [Description("Full-text search over the knowledge base's domains you may see. Returns ranked passages (rank, document id, title, domain, source, snippet with query terms in <em>, score, fields of records) and warnings about domains that could not answer. Use get_document with a hit's document_id to read the whole document.")]
    public async Task<CallToolResult> SearchAsync(
        [Description("The words to search for (Chinese or English)")] string query,
        [Description("Domains to search; omit to search every domain you may see")] string[]? domains = null,
        [Description("How many hits to return, 1-1000; default 10")] int? limit = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var request = SearchRequestFactory.Create(caller.Principal, query, domains, sources: null, metadata: null, limit, explain: false, highlight: true);
            var result = await knowledge.SearchAsync(request, cancellationToken);
            ThrowOnUnknownDomain(request, result);
            return McpToolResults.Success(SearchResponse.From(result), McpToolText.Search(result));
        }
        catch (HunyuException e)
        {
            return McpToolResults.Failure(e);
        }
    }

    /// <summary>Answers a question with citations.</summary>
    [McpServerTool(Name = "ask", Title = "Ask the knowledge base", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(AskResponse))]
    [Description("Answers a question from the knowledge base's domains you may see. Every sentence of the answer cites its evidence as [n]; citations give the document id, title, source and the supporting quote. When the knowledge base holds no adequate evidence the answer abstains (abstained: true) rather than guess. Also says which answerer or model answered and why.")]
    public async Task<CallToolResult> AskAsync(
        [Description("The question, in natural language")] string question,
        [Description("Domains to search for evidence; omit to search every domain you may see")] string[]? domains = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var request = SearchRequestFactory.Create(caller.Principal, question, domains, sources: null, metadata: null, limit: null, explain: false, highlight: true);
            var result = await knowledge.AskAsync(request, cancellationToken);
            ThrowOnUnknownDomain(request, result.Search);
            return McpToolResults.Success(AskResponse.From(result, stopwatch.Elapsed), McpToolText.Ask(result));
        }
        catch (HunyuException e)
        {
            // The searcher names the text 'query'; this tool's argument is 'question'.
            return McpToolResults.Failure(e, ("query:", "question:"));
        }
    }

    /// <summary>Reads one document whole.</summary>
    [McpServerTool(Name = "get_document", Title = "Read a document", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true, OutputSchemaType = typeof(DocumentTextResponse))]
    [Description("Reads one document: its metadata (title, domain, source, uri, version, dates, metadata fields, ACL) and its text. Take the id from a search hit's document_id or a citation's document_id.")]
    public async Task<CallToolResult> GetDocumentAsync(
        [Description("The document id, e.g. a search hit's document_id")] string id,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var trimmed = id?.Trim() ?? string.Empty;
            if (trimmed.Length is 0 or > MaxIdLength)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"id: {(trimmed.Length == 0 ? "empty" : $"{trimmed.Length} characters")}; give a document id of 1-{MaxIdLength} characters from a search hit");
            }

            // SECURITY: a document the caller may not see is "not found", exactly like a missing one.
            var read = await knowledge.ReadDocumentAsync(trimmed, caller.Principal, cancellationToken) ?? throw DocumentEndpoints.NotFound(trimmed);
            var truncated = read.Text.Length > MaxDocumentCharacters;
            var response = new DocumentTextResponse(DocumentResponse.From(read.Document), truncated ? read.Text[..MaxDocumentCharacters] : read.Text, read.Passages, truncated);
            return McpToolResults.Success(response, McpToolText.Document(response));
        }
        catch (HunyuException e)
        {
            return McpToolResults.Failure(e);
        }
    }

    /// <summary>
    /// A named domain that does not exist, or may not be seen, is a warning for the API and the CLI; a tool caller gets an
    /// error naming the argument instead, so it corrects the call rather than reading an empty result as "no evidence".
    /// SECURITY: the knowledge base words both cases alike, and so does this.
    /// </summary>
    private static void ThrowOnUnknownDomain(SearchRequest request, SearchResult result)
    {
        for (var i = 0; i < request.Domains.Count; i++)
        {
            var name = request.Domains[i];
            if (result.Warnings.Any(w => w.Domain == name && w.Code == ErrorCode.NotFound.Code))
            {
                throw new HunyuException(ErrorCode.NotFound, $"domains[{i}] '{name}': no such domain; omit domains to search every domain you may see");
            }
        }
    }
}
