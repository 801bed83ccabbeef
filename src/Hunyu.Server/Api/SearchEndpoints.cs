using System.Diagnostics;
using System.Text.Json;
using Hunyu.Core.Answers;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Models.Grounding;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Errors;
using Hunyu.Server.Http;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Api;

/// <summary><c>POST /api/search</c> and <c>POST /api/ask</c>.</summary>
internal static class SearchEndpoints
{
    /// <summary>The event carrying text to append to the streamed answer.</summary>
    public const string DeltaEventName = "delta";

    /// <summary>The last event of a streamed answer: the whole answer in the non-streamed JSON shape.</summary>
    public const string AnswerEvent = "answer";

    /// <summary>The event telling of a failure after the stream started.</summary>
    public const string ErrorEventName = "error";

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
            .WithDescription(
                "Retrieves evidence and answers from it; every sentence cites a source as [n], or the answer abstains. With history, the question is " +
                "a follow-up made standalone first. With \"stream\": true (or Accept: text/event-stream) the answer comes as Server-Sent Events: " +
                "'delta' events ({\"text\"}) as sentences are checked, then one 'answer' event with this endpoint's JSON answer, or an 'error' event.")
            .Produces<AskResponse>(StatusCodes.Status200OK, "application/json", EventStream.ContentType)
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

    private static async Task<IResult> AskAsync(
        AskBody? body,
        HttpContext context,
        KnowledgeBase knowledge,
        IOptions<JsonOptions> json,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        body = body ?? throw MissingBody("{\"question\": \"年假有几天？\"}");
        if (body.Question is not null && body.Query is not null && !string.Equals(body.Question, body.Query, StringComparison.Ordinal))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "question and query differ; give the question in one of them");
        }

        var stopwatch = Stopwatch.StartNew();
        var request = new AskRequest
        {
            Search = SearchRequestFactory.Create(
                RequestPrincipal.Of(context),
                body.Question ?? body.Query,
                body.Domains,
                body.Sources,
                body.Metadata,
                body.Limit,
                explain: false,
                highlight: true),
            History = [.. (body.History ?? []).Select(turn => new ConversationTurn(turn?.Question ?? string.Empty, turn?.Answer))],
        };
        if (!(body.Stream ?? EventStream.IsAccepted(context.Request)))
        {
            return TypedResults.Ok(AskResponse.From(await knowledge.AskAsync(request, cancellationToken), stopwatch.Elapsed));
        }

        var options = json.Value.SerializerOptions;
        await EventStream.WriteAsync(
            context,
            knowledge.AskStreamAsync(request, cancellationToken),
            (delta, token) => delta switch
            {
                { Final: { } final } => EventStream.SendAsync(context.Response, AnswerEvent, JsonSerializer.Serialize(AskResponse.From(final, stopwatch.Elapsed), options), token),
                { Text.Length: > 0 } => EventStream.SendAsync(context.Response, DeltaEventName, JsonSerializer.Serialize(new DeltaEvent(delta.Text), options), token),
                _ => Task.CompletedTask,
            },
            (error, detail, token) => EventStream.SendAsync(context.Response, ErrorEventName, JsonSerializer.Serialize(new ErrorEvent(error.HttpStatus, error.Code, detail, ApiProblems.TraceId(context)), options), token),
            loggers.CreateLogger(typeof(SearchEndpoints)));
        return TypedResults.Empty;
    }

    private static HunyuException MissingBody(string example) =>
        new(ErrorCode.InvalidArgument, $"request body: missing; send a JSON object such as {example}");
}
