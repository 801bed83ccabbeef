using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hunyu.Core.Errors;
using Hunyu.Core.IO;
using Hunyu.Core.Net;
using Hunyu.Core.Search;

namespace Hunyu.Models.Rerank;

/// <summary>
/// An <see cref="IReranker"/> over HTTP in the Cohere/Jina protocol: <c>POST {endpoint}/rerank</c> with
/// <c>{"model", "query", "documents", "top_n", "return_documents": false}</c>, answered by
/// <c>{"results": [{"index", "relevance_score"}]}</c>. The variants servers emit are read too: the list under
/// <c>data</c> and the score as <c>score</c> (vLLM's score API, some gateways).
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. Lists longer than <see cref="HttpRerankerOptions.MaxDocumentsPerRequest"/> go out in batches, one after
/// another, and their scores are merged (a cross-encoder scores each document on its own, so scores of two batches
/// compare). No retries: at query time a searcher keeps its fused order rather than wait.
/// </para>
/// <para>
/// SECURITY: the API key is read from the environment for every call and sent only as a Bearer header; it is never
/// kept, never part of a message (a server that quotes it back has it replaced by <c>***</c>), and never in <see cref="ToString"/>.
/// </para>
/// </remarks>
public sealed class HttpReranker : IReranker, IDisposable
{
    // How many missing documents an error lists by number.
    private const int MaxListedMissing = 10;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _keyVariable;
    private readonly int _batchSize;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the reranker for <paramref name="options"/>.</summary>
    /// <param name="options">Endpoint, path, model, key variable, batch size and timeout.</param>
    /// <param name="httpClient">The HTTP client to send with (its own timeout should exceed <see cref="HttpRerankerOptions.Timeout"/>); null creates one this reranker owns.</param>
    /// <exception cref="HunyuException">A setting is out of range (<c>invalid_argument</c>); the message names each one.</exception>
    public HttpReranker(HttpRerankerOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new HttpRerankerOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Join("; ", validation.Failures ?? []));
        }

        Url = new Uri(options.Endpoint.TrimEnd('/') + "/" + options.Path.TrimStart('/'));
        Model = options.Model;
        _keyVariable = options.ApiKeyVariable;
        _batchSize = options.MaxDocumentsPerRequest;
        _timeout = options.Timeout;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The URL every request is posted to.</summary>
    public Uri Url { get; }

    /// <summary>The model name sent.</summary>
    public string Model { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="query"/> is blank, a passage is null, or <paramref name="top"/> is not positive.</exception>
    public async Task<IReadOnlyList<RerankScore>> RerankAsync(string query, IReadOnlyList<string> passages, int? top = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentNullException.ThrowIfNull(passages);
        if (top is { } asked)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(asked, nameof(top));
        }

        if (passages.Count == 0)
        {
            return [];
        }

        // SECURITY: read for each call and never kept, so no object holds the key and a rotated key takes effect at once.
        var key = Environment.GetEnvironmentVariable(_keyVariable);
        var scores = new List<RerankScore>(passages.Count);
        for (var start = 0; start < passages.Count; start += _batchSize)
        {
            var count = Math.Min(_batchSize, passages.Count - start);

            // The best `top` of all lie among the best `top` of each batch, so top_n may be asked per batch.
            var batchTop = top < count ? top : null;
            scores.AddRange(await SendAsync(query, passages, start, count, batchTop, key, cancellationToken));
        }

        scores.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        if (top < scores.Count)
        {
            // A server that ignored top_n answered for every document; the caller asked for the best few.
            scores.RemoveRange(top.Value, scores.Count - top.Value);
        }

        return scores;
    }

    /// <summary>Names the model and URL; never the key.</summary>
    public override string ToString() => $"rerank {Model} at {Url}";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<List<RerankScore>> SendAsync(string query, IReadOnlyList<string> passages, int start, int count, int? top, string? key, CancellationToken cancellationToken)
    {
        var documents = new JsonArray();
        for (var i = start; i < start + count; i++)
        {
            documents.Add(passages[i] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"passage {i} is null"), nameof(passages)));
        }

        var body = new JsonObject { ["model"] = Model, ["query"] = query, ["documents"] = documents, ["return_documents"] = false };
        if (top is { } n)
        {
            body["top_n"] = n;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = await HttpRequestFailure.DescribeAsync(response, key, timeout.Token);
                var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? $"; check the API key in the environment variable {_keyVariable}{(string.IsNullOrEmpty(key) ? " (unset)" : string.Empty)}"
                    : string.Empty;
                throw Failure(ErrorCode.ModelUnavailable, status + hint);
            }

            using var json = await ReadJsonAsync(response, timeout.Token);
            return Scores(json.RootElement, start, count, top);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(ErrorCode.Timeout, $"no answer within {Seconds(_timeout)} ({HttpRerankerOptions.Section}:{nameof(HttpRerankerOptions.Timeout)})", e);
        }
        catch (HttpRequestException e)
        {
            throw Failure(ErrorCode.ModelUnavailable, HttpRequestFailure.Describe(e), e);
        }
        catch (IOException e)
        {
            throw Failure(ErrorCode.ModelUnavailable, $"the connection failed while reading ({MessageText.OneLine(e.Message)})", e);
        }
    }

    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limitText = $"the answer is larger than {ByteSize.Format(HttpRerankerOptions.MaxResponseBytes)}, the limit";
        if (response.Content.Headers.ContentLength > HttpRerankerOptions.MaxResponseBytes)
        {
            throw Failure(ErrorCode.TooLarge, limitText);
        }

        await using var body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken), HttpRerankerOptions.MaxResponseBytes, () => Failure(ErrorCode.TooLarge, limitText));
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            // SECURITY: the parser's message quotes the body, which may quote the key; the position says enough.
            throw Failure(ErrorCode.ModelUnavailable, string.Create(CultureInfo.InvariantCulture, $"the answer is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}, invalid at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"));
        }
    }

    /// <summary>Reads and checks the scores of one batch; indexes come back offset by <paramref name="start"/>.</summary>
    private List<RerankScore> Scores(JsonElement root, int start, int count, int? top)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !((root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
                || (root.TryGetProperty("data", out results) && results.ValueKind == JsonValueKind.Array)))
        {
            throw Broken("the answer has no \"results\" array");
        }

        var scored = new bool[count];
        var scores = new List<RerankScore>(count);
        var position = 0;
        foreach (var result in results.EnumerateArray())
        {
            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("index", out var indexValue)
                || indexValue.ValueKind != JsonValueKind.Number || !indexValue.TryGetInt32(out var index))
            {
                throw Broken(string.Create(CultureInfo.InvariantCulture, $"result {position} has no integer \"index\""));
            }

            if (index < 0 || index >= count)
            {
                throw Broken(string.Create(CultureInfo.InvariantCulture, $"result {position} has index {index}, but the request had {count} documents (0-{count - 1})"));
            }

            if (scored[index])
            {
                throw Broken(string.Create(CultureInfo.InvariantCulture, $"document {index} is scored twice"));
            }

            if (!(result.TryGetProperty("relevance_score", out var scoreValue) || result.TryGetProperty("score", out scoreValue))
                || scoreValue.ValueKind != JsonValueKind.Number || !double.IsFinite(scoreValue.GetDouble()))
            {
                throw Broken(string.Create(CultureInfo.InvariantCulture, $"result {position} has no numeric \"relevance_score\""));
            }

            scored[index] = true;
            scores.Add(new RerankScore(start + index, scoreValue.GetDouble()));
            position++;
        }

        var expected = top ?? count;
        if (scores.Count < expected)
        {
            // No silent loss: a document the model did not score would drop out of the caller's list unnoticed.
            var missing = Enumerable.Range(0, count).Where(i => !scored[i]).ToList();
            var listed = string.Join(", ", missing.Take(MaxListedMissing)) + (missing.Count > MaxListedMissing ? ", …" : string.Empty);
            throw Broken(top is null
                ? string.Create(CultureInfo.InvariantCulture, $"{scores.Count} of {count} documents are scored; none for {listed}")
                : string.Create(CultureInfo.InvariantCulture, $"{scores.Count} documents are scored, {top} were asked for (top_n)"));
        }

        return scores;
    }

    private HunyuException Broken(string what) => Failure(ErrorCode.ModelUnavailable, $"not a rerank answer: {what}");

    private HunyuException Failure(ErrorCode error, string what, Exception? inner = null) => new(error, $"rerank {Url}: {what}", inner);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
