using System.Text.Json;
using System.Text.Json.Nodes;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Models.Grounding;
using Hunyu.Server.Api;
using Hunyu.Server.Http;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.OpenAI;

/// <summary>
/// The OpenAI-compatible endpoints: <c>POST /v1/chat/completions</c> (JSON, or SSE chunks with <c>stream: true</c>) and
/// <c>GET /v1/models</c>. A model is a knowledge configuration (see <see cref="ChatModelCatalog"/>); the last user message
/// is the question and the earlier user/assistant messages its history; system messages are ignored (the grounding
/// instructions are Hunyu's). Answers are the knowledge base's cited answers, audited like <c>POST /api/ask</c>.
/// </summary>
internal static class ChatEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="v1"/> (the <c>/v1</c> group).</summary>
    public static void Map(RouteGroupBuilder v1)
    {
        v1.AddEndpointFilter<OpenAIErrorFilter>();
        v1.MapPost("/chat/completions", CompleteAsync)
            .WithTags("OpenAI")
            .WithName("ChatCompletions")
            .WithSummary("OpenAI-compatible chat completion over the knowledge base")
            .RequireRole(PrincipalRole.Reader)
            .WithDescription("The model selects the domains (GET /v1/models); the answer cites [n] in the text and in message.citations; stream: true answers in OpenAI's SSE chunk format; usage counts the answering model's tokens when it reported them (on the last chunk when streaming).")
            .Accepts<ChatCompletionBody>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: EventStream.ContentType);
        v1.MapGet("/models", ListModelsAsync)
            .WithTags("OpenAI")
            .WithName("Models")
            .WithSummary("The knowledge configurations, as OpenAI models")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
    }

    private static async Task<IResult> ListModelsAsync(HttpContext context, KnowledgeBase knowledge)
    {
        var models = await ChatModelCatalog.ListAsync(knowledge, RequestPrincipal.Of(context), context.RequestAborted);
        return OpenAIErrorFilter.Result(StatusCodes.Status200OK, OpenAIFormat.Models(models).ToJsonString());
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, KnowledgeBase knowledge, IOptions<JsonOptions> json, ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        var options = json.Value.SerializerOptions;
        var body = await ReadBodyAsync(context.Request, options, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Model))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "model: missing; GET /v1/models lists the models, e.g. \"hunyu\"");
        }

        var principal = RequestPrincipal.Of(context);
        if (await ChatModelCatalog.FindAsync(knowledge, principal, body.Model, cancellationToken) is not { } model)
        {
            return OpenAIErrorFilter.Result(
                StatusCodes.Status404NotFound,
                OpenAIFormat.Error($"model '{SearchRequestFactory.Clip(body.Model)}' does not exist; GET /v1/models lists the models", "invalid_request_error", "model_not_found").ToJsonString());
        }

        var (question, history) = Conversation(body.Messages);
        var request = new AskRequest
        {
            Search = SearchRequestFactory.Create(principal, question, model.Domains, null, null, null, explain: false, highlight: true),
            History = history,
            Speciality = model.Speciality,
        };
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (body.Stream != true)
        {
            var result = await knowledge.AskAsync(request, cancellationToken);
            return OpenAIErrorFilter.Result(StatusCodes.Status200OK, OpenAIFormat.Completion(id, created, model.Name, result, options).ToJsonString());
        }

        var first = true;
        await EventStream.WriteAsync(
            context,
            knowledge.AskStreamAsync(request, cancellationToken),
            async (delta, token) =>
            {
                if (delta.Final is { } final)
                {
                    var last = new JsonObject { ["citations"] = OpenAIFormat.Citations(final.Answer) };
                    await EventStream.SendAsync(context.Response, null, OpenAIFormat.WithUsage(OpenAIFormat.Chunk(id, created, model.Name, last, "stop", OpenAIFormat.Details(final, options)), final).ToJsonString(), token);
                    await EventStream.SendAsync(context.Response, null, OpenAIFormat.Done, token);
                }
                else if (delta.Text.Length > 0)
                {
                    var piece = first ? new JsonObject { ["role"] = "assistant", ["content"] = delta.Text } : new JsonObject { ["content"] = delta.Text };
                    first = false;
                    await EventStream.SendAsync(context.Response, null, OpenAIFormat.Chunk(id, created, model.Name, piece, null).ToJsonString(), token);
                }
            },
            (error, detail, token) => EventStream.SendAsync(context.Response, null, OpenAIFormat.Error(error, detail).ToJsonString(), token),
            loggers.CreateLogger(typeof(ChatEndpoints)));
        return TypedResults.Empty;
    }

    /// <summary>The question (the last message, a user's) and the earlier user/assistant turns.</summary>
    /// <exception cref="HunyuException">No messages, an unknown role, non-text content or a last message that is not the user's (<c>invalid_argument</c>).</exception>
    internal static (string Question, List<ConversationTurn> History) Conversation(IReadOnlyList<ChatMessageBody?>? messages)
    {
        if (messages is null || messages.Count == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "messages: empty; send at least one {\"role\": \"user\", \"content\": \"...\"}");
        }

        var history = new List<ConversationTurn>();
        string? asked = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new HunyuException(ErrorCode.InvalidArgument, $"messages[{i}]: null; each message is {{\"role\", \"content\"}}");
            var role = message.Role?.Trim().ToLowerInvariant();
            switch (role)
            {
                case "system" or "developer":
                    // The grounding instructions are Hunyu's own; a client's system prompt cannot loosen them.
                    continue;
                case "user":
                    if (asked is not null)
                    {
                        history.Add(new ConversationTurn(asked));
                    }

                    asked = Text(message.Content, i);
                    break;
                case "assistant":
                    if (asked is not null)
                    {
                        history.Add(new ConversationTurn(asked, Text(message.Content, i)));
                        asked = null;
                    }

                    break;
                default:
                    throw new HunyuException(ErrorCode.InvalidArgument, $"messages[{i}].role '{SearchRequestFactory.Clip(message.Role ?? string.Empty)}': use system, developer, user or assistant");
            }
        }

        if (asked is null || !string.Equals(messages[^1]!.Role?.Trim(), "user", StringComparison.OrdinalIgnoreCase))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "messages: the last message must be the user's question (role user)");
        }

        return (asked, history);
    }

    private static string Text(JsonElement content, int index)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return string.Empty;
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object
                        || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                        || !part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                    {
                        throw new HunyuException(ErrorCode.InvalidArgument, $"messages[{index}].content: only text parts ({{\"type\": \"text\", \"text\": \"...\"}}) are accepted");
                    }

                    parts.Add(text.GetString()!);
                }

                return string.Join('\n', parts);
            default:
                throw new HunyuException(ErrorCode.InvalidArgument, $"messages[{index}].content: give a string or an array of text parts");
        }
    }

    private static async Task<ChatCompletionBody> ReadBodyAsync(HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<ChatCompletionBody>(request.Body, options, cancellationToken)
                ?? throw new HunyuException(ErrorCode.InvalidArgument, "request body: null; send {\"model\": \"hunyu\", \"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}");
        }
        catch (JsonException e)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"request body is not valid JSON: {e.Message}", e);
        }
    }
}
