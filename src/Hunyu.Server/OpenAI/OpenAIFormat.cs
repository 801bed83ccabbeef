using System.Text.Json;
using System.Text.Json.Nodes;
using Hunyu.Core.Answers;
using Hunyu.Core.Errors;
using Hunyu.Hosting;

namespace Hunyu.Server.OpenAI;

/// <summary>
/// OpenAI's JSON shapes (chat completion, chunk, model list, error), with the answer's citations kept in a structured
/// <c>citations</c> field on the message (on the last chunk's delta when streaming) and Hunyu's own details under <c>hunyu</c>.
/// </summary>
internal static class OpenAIFormat
{
    /// <summary>Who owns the models in <c>/v1/models</c>.</summary>
    public const string Owner = "hunyu";

    /// <summary>The end of an OpenAI event stream.</summary>
    public const string Done = "[DONE]";

    /// <summary>The whole answer as a <c>chat.completion</c>, with <c>usage</c> when the answering model's token counts are known.</summary>
    public static JsonObject Completion(string id, long created, string model, AskResult result, JsonSerializerOptions json) => WithUsage(new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = result.Answer.Text, ["refusal"] = null, ["citations"] = Citations(result.Answer) },
            ["logprobs"] = null,
            ["finish_reason"] = "stop",
        }),
        ["hunyu"] = Details(result, json),
    }, result);

    /// <summary>One <c>chat.completion.chunk</c>; <paramref name="details"/> goes on the last one.</summary>
    public static JsonObject Chunk(string id, long created, string model, JsonObject delta, string? finishReason, JsonObject? details = null)
    {
        var chunk = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
        };
        if (details is not null)
        {
            chunk["hunyu"] = details;
        }

        return chunk;
    }

    /// <summary>
    /// Adds OpenAI's <c>usage</c> (prompt, completion and total tokens) of the model that answered, as it reported them
    /// or a local model counted them. An extractive answer or a model that reported nothing gets none: zeros would be false.
    /// </summary>
    public static JsonObject WithUsage(JsonObject body, AskResult result)
    {
        if (result.Decision?.Usage is { } usage)
        {
            body["usage"] = new JsonObject
            {
                ["prompt_tokens"] = usage.PromptTokens,
                ["completion_tokens"] = usage.CompletionTokens,
                ["total_tokens"] = usage.TotalTokens,
            };
        }

        return body;
    }

    /// <summary>The structured citations: number, document id, title, source, snippet and where in the document.</summary>
    public static JsonArray Citations(Answer answer) =>
    [
        .. answer.Citations.Select(c => (JsonNode)new JsonObject
        {
            ["number"] = c.Number,
            ["document_id"] = c.DocumentId,
            ["title"] = c.Title,
            ["source"] = c.Uri,
            ["snippet"] = c.Quote,
            ["citation_id"] = c.CitationId,
            ["section_path"] = c.SectionPath,
            ["page"] = c.Page,
        }),
    ];

    /// <summary>What Hunyu adds: who answered and why, abstention, the standalone question of a follow-up, warnings.</summary>
    public static JsonObject Details(AskResult result, JsonSerializerOptions json) => new()
    {
        ["answerer"] = result.Answer.Answerer,
        ["abstained"] = result.Answer.Abstained,
        ["decision"] = result.Decision is null ? null : JsonSerializer.SerializeToNode(result.Decision, json),
        ["rewritten"] = result.Rewritten is null ? null : JsonSerializer.SerializeToNode(result.Rewritten, json),
        ["warnings"] = new JsonArray([.. result.Search.Warnings.Select(w => (JsonNode)new JsonObject { ["domain"] = w.Domain, ["code"] = w.Code, ["message"] = w.Message })]),
    };

    /// <summary>The <c>/v1/models</c> list.</summary>
    public static JsonObject Models(IEnumerable<KnowledgeScenario> models) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.Name,
            ["object"] = "model",
            ["created"] = 0,
            ["owned_by"] = Owner,
            ["domains"] = new JsonArray([.. m.Domains.Select(d => (JsonNode)JsonValue.Create(d))]),
            ["speciality"] = m.Speciality,
        })]),
    };

    /// <summary>An OpenAI error body for <paramref name="error"/>: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static JsonObject Error(ErrorCode error, string message) => Error(message, ErrorType(error.HttpStatus), error.Code);

    /// <summary>An OpenAI error body.</summary>
    public static JsonObject Error(string message, string type, string code) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
    };

    private static string ErrorType(int status) => status switch
    {
        401 => "authentication_error",
        403 => "permission_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}
