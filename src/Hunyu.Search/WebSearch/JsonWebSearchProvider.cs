using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Core.IO;
using Hunyu.Core.Net;
using Hunyu.Core.Search;

namespace Hunyu.Search.WebSearch;

/// <summary>
/// An <see cref="IWebSearchProvider"/> for any engine that answers JSON over HTTP (SearXNG, Brave, Bing, SerpAPI,
/// Tavily, an in-house gateway): a <c>GET</c> of a URL template, or a <c>POST</c> of a JSON body template, and dotted
/// paths to the results and their fields. See <see cref="JsonWebSearchOptions"/> for presets.
/// </summary>
/// <remarks>
/// <para>Thread-safe; dispose to close its connections. One request per search, no retries: at query time a missing web
/// domain is a warning, not worth a wait.</para>
/// <para>
/// SECURITY: connections go through the <see cref="GuardedConnector"/> (no loopback or private addresses unless
/// allowed, never link-local), without a proxy, and redirects are not followed, so a key header never travels to
/// another host. The API key is read from the environment for every search, never kept, and never part of a message
/// (an engine that quotes it back has it replaced by <c>***</c>).
/// </para>
/// </remarks>
public sealed class JsonWebSearchProvider : IWebSearchProvider, IDisposable
{
    private readonly string _urlTemplate;
    private readonly string? _bodyTemplate;
    private readonly string? _keyVariable;
    private readonly int _maxResults;
    private readonly TimeSpan _timeout;
    private readonly long _maxResponseBytes;
    private readonly string _userAgent;
    private readonly Dictionary<string, string> _headers;
    private readonly GuardedConnector _guard;
    private readonly HttpClient _http;
    private readonly JsonFieldPath _results;
    private readonly JsonFieldPath _title;
    private readonly JsonFieldPath _url;
    private readonly JsonFieldPath _snippet;
    private readonly JsonFieldPath? _published;
    private readonly bool _usesKey;

    /// <summary>Creates the provider for <paramref name="options"/>.</summary>
    /// <exception cref="HunyuException">A setting is out of range (<c>invalid_argument</c>); the message names each one.</exception>
    public JsonWebSearchProvider(JsonWebSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new JsonWebSearchOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Join("; ", validation.Failures ?? []));
        }

        // Copies, so later changes to the (mutable) options cannot bypass the checks above.
        Name = options.Name;
        _urlTemplate = options.UrlTemplate;
        _bodyTemplate = options.BodyTemplate;
        _keyVariable = options.ApiKeyVariable;
        _maxResults = options.MaxResults;
        _timeout = options.Timeout;
        _maxResponseBytes = options.MaxResponseBytes;
        _userAgent = options.UserAgent;
        _headers = new Dictionary<string, string>(options.Headers, StringComparer.OrdinalIgnoreCase);
        _usesKey = RequestTemplate.UsesKey(options);
        _results = new JsonFieldPath(options.ResultsPath);
        _title = new JsonFieldPath(options.TitleField);
        _url = new JsonFieldPath(options.UrlField);
        _snippet = new JsonFieldPath(options.SnippetField);
        _published = options.PublishedField is null ? null : new JsonFieldPath(options.PublishedField);
        _guard = new GuardedConnector(
            new NetworkAddressPolicy(options.AllowLoopback, options.AllowPrivateNetworks, JsonWebSearchOptions.SectionOf(options.Name)),
            GuardedConnector.ResolveWithDnsAsync);
        _http = new HttpClient(new SocketsHttpHandler
        {
            // SECURITY: a redirect would carry the key headers to wherever it points.
            AllowAutoRedirect = false,

            // SECURITY: a proxy would open the connection for us, past the address check of ConnectCallback.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.Timeout,
            ConnectCallback = _guard.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="query"/> is blank or <paramref name="count"/> is not positive.</exception>
    /// <remarks>Returns at most <paramref name="count"/> hits and never more than <see cref="JsonWebSearchOptions.MaxResults"/>.</remarks>
    public async Task<WebSearchResult> SearchAsync(string query, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        count = Math.Min(count, _maxResults);

        // SECURITY: read for each search and never kept, so no object holds the key and a rotated key takes effect at once.
        var key = _usesKey ? Environment.GetEnvironmentVariable(_keyVariable!) : null;
        if (_usesKey && string.IsNullOrEmpty(key))
        {
            throw Failure(ErrorCode.SourceUnavailable, $"the environment variable {_keyVariable} holding its API key is not set ({PathOf(nameof(JsonWebSearchOptions.ApiKeyVariable))})");
        }

        using var request = Request(query, count, key);
        try
        {
            _guard.CheckLiteral(request.RequestUri!);
        }
        catch (HunyuException refused)
        {
            throw Failure(refused.Error, refused.Message, refused);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                var location = response.Headers.Location is { } target ? $" to {Visible(target, request.RequestUri!)}" : string.Empty;
                throw Failure(ErrorCode.SourceUnavailable, $"{HttpRequestFailure.StatusText(response)} redirects{location}; redirects are not followed, configure the final URL ({PathOf(nameof(JsonWebSearchOptions.UrlTemplate))})");
            }

            if (!response.IsSuccessStatusCode)
            {
                var status = await HttpRequestFailure.DescribeAsync(response, key, timeout.Token);
                var hint = _usesKey && response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? $"; check the API key in the environment variable {_keyVariable}"
                    : string.Empty;
                throw Failure(ErrorCode.SourceUnavailable, status + hint);
            }

            using var json = await ReadJsonAsync(response, timeout.Token);
            return Hits(json.RootElement, count);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(ErrorCode.Timeout, $"no answer within {Seconds(_timeout)} ({PathOf(nameof(JsonWebSearchOptions.Timeout))})", e);
        }
        catch (HttpRequestException e)
        {
            throw HttpRequestFailure.InnerHunyu(e) is { } refused
                ? Failure(refused.Error, refused.Message, e)
                : Failure(ErrorCode.SourceUnavailable, HttpRequestFailure.Describe(e), e);
        }
        catch (IOException e)
        {
            throw Failure(ErrorCode.SourceUnavailable, $"the connection failed while reading ({MessageText.OneLine(e.Message)})", e);
        }
    }

    /// <summary>Names the provider; never the key.</summary>
    public override string ToString() => $"web search '{Name}'";

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(string query, int count, string? key)
    {
        var request = new HttpRequestMessage(
            _bodyTemplate is null ? HttpMethod.Get : HttpMethod.Post,
            new Uri(RequestTemplate.Url(_urlTemplate, query, count, key)));
        if (_bodyTemplate is { } body)
        {
            request.Content = new StringContent(RequestTemplate.Body(body, query, count, key), Encoding.UTF8, "application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        foreach (var (name, value) in _headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, RequestTemplate.Header(value, key));
        }

        return request;
    }

    private async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _maxResponseBytes;
        var limitText = $"limit is {ByteSize.Format(limit)} ({PathOf(nameof(JsonWebSearchOptions.MaxResponseBytes))})";
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw Failure(ErrorCode.TooLarge, $"the answer is {ByteSize.Format(declared)}; {limitText}");
        }

        await using var body = new BoundedReadStream(
            await response.Content.ReadAsStreamAsync(cancellationToken),
            limit,
            () => Failure(ErrorCode.TooLarge, $"the answer is larger than {ByteSize.Format(limit)}; {limitText}"));
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            // SECURITY: the parser's message quotes the body, which may quote the key; the position says enough.
            throw Failure(ErrorCode.SourceUnavailable, string.Create(CultureInfo.InvariantCulture, $"the answer is not JSON ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}, invalid at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"));
        }
    }

    private WebSearchResult Hits(JsonElement root, int count)
    {
        if (!_results.TryGet(root, out var results))
        {
            var fields = root.ValueKind == JsonValueKind.Object ? string.Join(", ", root.EnumerateObject().Select(p => p.Name).Take(20)) : root.ValueKind.ToString();
            throw Failure(ErrorCode.SourceUnavailable, $"the answer has no results at '{_results}' ({PathOf(nameof(JsonWebSearchOptions.ResultsPath))}); its top level holds: {fields}");
        }

        if (results.ValueKind == JsonValueKind.Null)
        {
            return new WebSearchResult([], 0);
        }

        if (results.ValueKind != JsonValueKind.Array)
        {
            throw Failure(ErrorCode.SourceUnavailable, $"'{_results}' in the answer is {results.ValueKind}, not an array ({PathOf(nameof(JsonWebSearchOptions.ResultsPath))})");
        }

        var hits = new List<WebSearchHit>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var result in results.EnumerateArray())
        {
            if (hits.Count == count)
            {
                break;
            }

            if (Text(result, _url) is not { } address
                || !Uri.TryCreate(address, UriKind.Absolute, out var url)
                || url.Scheme is not ("http" or "https")
                || !seen.Add(url.AbsoluteUri))
            {
                dropped++;
                continue;
            }

            var title = Text(result, _title) is { Length: > 0 } text ? text : url.Host + url.AbsolutePath.TrimEnd('/');
            hits.Add(new WebSearchHit(title, url, Text(result, _snippet) ?? string.Empty, Date(result)));
        }

        return new WebSearchResult(hits, dropped);
    }

    /// <summary>The plain text at <paramref name="path"/>: a string, or an array of strings joined; null when there is none.</summary>
    private static string? Text(JsonElement result, JsonFieldPath path)
    {
        if (result.ValueKind != JsonValueKind.Object || !path.TryGet(result, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array => string.Join(" … ", value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString())),
            _ => null,
        };
        return text is null ? null : PlainText.From(text);
    }

    private DateTimeOffset? Date(JsonElement result)
    {
        if (_published is null || Text(result, _published) is not { Length: > 0 } text)
        {
            return null;
        }

        // Engines without a zone mean UTC; a form that does not parse ("2 days ago") is no date rather than an error.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }

    /// <summary>A redirect target for a message: scheme, host and path, never the query (where keys travel).</summary>
    private static string Visible(Uri target, Uri from)
    {
        var absolute = target.IsAbsoluteUri ? target : new Uri(from, target);
        return absolute.GetLeftPart(UriPartial.Path);
    }

    private string PathOf(string setting) => JsonWebSearchOptions.PathOf(Name, setting);

    private HunyuException Failure(ErrorCode error, string what, Exception? inner = null) => new(error, $"web search '{Name}': {what}", inner);

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
