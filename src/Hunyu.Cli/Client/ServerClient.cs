using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hunyu.Core.Answers;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;

namespace Hunyu.Cli.Client;

/// <summary>
/// The CLI as a client of a Hunyu server: <c>search</c> and <c>ask</c> call <c>/api/search</c> and <c>/api/ask</c> with
/// <c>Authorization: Bearer KEY</c>, and a problem response becomes the same <see cref="HunyuException"/> (and exit code)
/// the local command would have thrown.
/// </summary>
public sealed class ServerClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly HttpClient _http;

    /// <summary>A client of the server at <paramref name="server"/>, sending <paramref name="key"/> when given.</summary>
    /// <exception cref="HunyuException">The URL is not an absolute http(s) URL (<c>invalid_argument</c>).</exception>
    public ServerClient(string server, string? key)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"--server '{server}': use an http(s) URL such as http://localhost:5080");
        }

        Server = uri;
        _http = new HttpClient { BaseAddress = uri };
        if (!string.IsNullOrWhiteSpace(key))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());
        }
    }

    /// <summary>The server's base URL.</summary>
    public Uri Server { get; }

    /// <summary>Runs <paramref name="request"/> on the server (its principal is the key's, not the request's).</summary>
    /// <exception cref="HunyuException">The server refused or failed (its code), or cannot be reached (<c>store_unavailable</c>).</exception>
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new SearchBody
        {
            Query = request.Query,
            Domains = request.Domains,
            Sources = request.Sources,
            Metadata = request.Metadata,
            Limit = request.Limit,
            Explain = request.Explain,
        };
        var response = await PostAsync<SearchBody, SearchResponse>("api/search", body, cancellationToken);
        return new SearchResult([.. response.Hits.Select(Hit)], response.TotalHits, [.. response.Warnings.Select(Warning)], TimeSpan.FromMilliseconds(response.ElapsedMs))
        {
            DomainCounts = response.DomainCounts,
            Routing = response.Routing,
        };
    }

    /// <summary>Asks <paramref name="ask"/>'s question, with its history, on the server.</summary>
    /// <exception cref="HunyuException">The server refused or failed (its code), or cannot be reached (<c>store_unavailable</c>).</exception>
    public async Task<AskResult> AskAsync(AskRequest ask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var request = ask.Search;
        var body = new AskBody
        {
            Question = request.Query,
            Domains = request.Domains,
            Sources = request.Sources,
            Metadata = request.Metadata,
            Limit = request.Limit,
            History = [.. ask.History.Select(t => new TurnBody { Question = t.Question, Answer = t.Answer })],
        };
        var response = await PostAsync<AskBody, AskResponse>("api/ask", body, cancellationToken);
        var citations = response.Citations.Select(c => new Citation(c.Number, c.CitationId, c.DocumentId, c.Title, c.Uri, c.SectionPath, c.Page, c.Quote)).ToArray();
        var search = new SearchResult([.. response.Hits.Select(Hit)], response.Hits.Count, [.. response.Warnings.Select(Warning)], TimeSpan.FromMilliseconds(response.ElapsedMs));
        return new AskResult(new Answer(response.Answer, citations, response.Abstained, response.Answerer), search) { Decision = response.Decision, Rewritten = response.Rewritten };
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<TResponse> PostAsync<TBody, TResponse>(string path, TBody body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(path, body, Json, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{Server}: cannot reach the server: {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem((int)response.StatusCode, text);
            }

            try
            {
                return JsonSerializer.Deserialize<TResponse>(text, Json) ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                throw new HunyuException(ErrorCode.Internal, $"{Server}{path}: the server's answer is not the expected JSON ({e.Message})", e);
            }
        }
    }

    /// <summary>The error a problem response stands for: its <c>code</c> and <c>detail</c>, else the status alone.</summary>
    private HunyuException Problem(int status, string body)
    {
        string? code = null;
        string? detail = null;
        try
        {
            using var problem = JsonDocument.Parse(body);
            code = problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page): the status says what is known.
        }

        var error = ErrorCode.All.FirstOrDefault(e => e.Code == code) ?? ErrorCode.All.FirstOrDefault(e => e.HttpStatus == status) ?? ErrorCode.Internal;
        return new HunyuException(error, $"{Server}: {detail ?? $"HTTP {status}"}");
    }

    private static SearchHit Hit(HitResponse hit) => new()
    {
        Rank = hit.Rank,
        Score = hit.Score,
        CitationId = hit.CitationId,
        DocumentId = hit.DocumentId,
        DocumentKey = hit.DocumentKey,
        ChunkOrdinal = hit.ChunkOrdinal,
        Domain = hit.Domain,
        SourceId = hit.SourceId,
        Title = hit.Title,
        Uri = hit.Uri,
        SectionPath = hit.SectionPath,
        Flags = hit.Flags ?? [],
        Page = hit.Page,
        Snippet = hit.Snippet,
        Text = hit.Text,
        StartOffset = hit.StartOffset,
        EndOffset = hit.EndOffset,
        Fields = hit.Fields,
        Explanation = hit.Explanation,
    };

    private static SearchWarning Warning(WarningResponse warning) => new(warning.Domain, warning.Code, warning.Message);
}
