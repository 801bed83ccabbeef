using System.Diagnostics;
using Hunyu.Core.Answers;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary><c>POST /api/search</c> and <c>POST /api/ask</c>.</summary>
internal static class SearchEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/search", SearchAsync)
            .WithTags("Search")
            .WithName("Search")
            .WithSummary("Searches the knowledge base")
            .WithDescription("Full-text search over the domains the caller may see; snippets mark query terms with <em>.")
            .RequireRole(PrincipalRole.Reader)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapPost("/ask", AskAsync)
            .WithTags("Search")
            .WithName("Ask")
            .WithSummary("Answers a question with citations")
            .WithDescription("Retrieves evidence and answers from it; every sentence cites a source as [n], or the answer abstains.")
            .RequireRole(PrincipalRole.Reader)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<Ok<SearchResponse>> SearchAsync(SearchBody? body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        body = body ?? throw MissingBody("{\"query\": \"年假\"}");
        var stopwatch = Stopwatch.StartNew();
        var request = SearchRequestFactory.Create(
            RequestPrincipal.Of(context),
            body.Query,
            body.Domains,
            body.Sources,
            body.Metadata,
            body.Limit,
            body.Explain ?? false,
            body.Highlight ?? true);
        return TypedResults.Ok(SearchResponse.From(await knowledge.SearchAsync(request, cancellationToken)));
    }

    private static async Task<Ok<AskResponse>> AskAsync(AskBody? body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        body = body ?? throw MissingBody("{\"question\": \"年假有几天？\"}");
        if (body.Question is not null && body.Query is not null && !string.Equals(body.Question, body.Query, StringComparison.Ordinal))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "question and query differ; give the question in one of them");
        }

        var stopwatch = Stopwatch.StartNew();
        var request = SearchRequestFactory.Create(
            RequestPrincipal.Of(context),
            body.Question ?? body.Query,
            body.Domains,
            body.Sources,
            body.Metadata,
            body.Limit,
            explain: false,
            highlight: true);
        return TypedResults.Ok(AskResponse.From(await knowledge.AskAsync(request, cancellationToken), stopwatch.Elapsed));
    }

    private static HunyuException MissingBody(string example) =>
        new(ErrorCode.InvalidArgument, $"request body: missing; send a JSON object such as {example}");
}
