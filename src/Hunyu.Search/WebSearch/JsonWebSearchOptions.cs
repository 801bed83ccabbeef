namespace Hunyu.Search.WebSearch;

/// <summary>
/// Settings of one <see cref="JsonWebSearchProvider"/>: how to ask a web search engine over HTTP, and where its JSON
/// answer keeps the results (configuration section <c>Hunyu:WebSearch:{Name}</c>).
/// </summary>
/// <remarks>
/// <para>
/// Templates take placeholders: <c>{query}</c> (the question), <c>{count}</c> (hits wanted, at most
/// <see cref="MaxResults"/>) and <c>{key}</c> (the value of the environment variable <see cref="ApiKeyVariable"/>). In
/// <see cref="UrlTemplate"/> they are URL-encoded, in <see cref="BodyTemplate"/> JSON-escaped (write <c>"{query}"</c>
/// inside quotes, <c>{count}</c> without), in <see cref="Headers"/> inserted as is. The key is never stored in settings.
/// </para>
/// <para>Paths are dotted property names from the JSON root (<see cref="ResultsPath"/>) or from one result (the fields); a number indexes an array, e.g. <c>pagemap.metatags.0.og:title</c>.</para>
/// <para>Presets (endpoint and key are yours; <c>count</c>, market and language parameters as the engine documents them):</para>
/// <list type="table">
/// <item><term>SearXNG</term><description>
/// <c>UrlTemplate = "http://127.0.0.1:8888/search?q={query}&amp;format=json"</c> (JSON output enabled in its
/// <c>settings.yml</c> <c>search.formats</c>), <c>ResultsPath = "results"</c>, <c>TitleField = "title"</c>,
/// <c>UrlField = "url"</c>, <c>SnippetField = "content"</c>, <c>PublishedField = "publishedDate"</c>,
/// <c>AllowLoopback = true</c> for an instance on the same machine (<c>AllowPrivateNetworks</c> on the intranet).
/// SearXNG takes no count; the first <c>{count}</c> results are kept.
/// </description></item>
/// <item><term>Brave Search API</term><description>
/// <c>UrlTemplate = "https://api.search.brave.com/res/v1/web/search?q={query}&amp;count={count}"</c>,
/// <c>Headers = { "X-Subscription-Token": "{key}" }</c>, <c>ApiKeyVariable = "BRAVE_API_KEY"</c>,
/// <c>ResultsPath = "web.results"</c>, <c>TitleField = "title"</c>, <c>UrlField = "url"</c>,
/// <c>SnippetField = "description"</c>, <c>PublishedField = "page_age"</c>.
/// </description></item>
/// <item><term>Bing Web Search v7 (and gateways answering in its shape)</term><description>
/// <c>UrlTemplate = "https://api.bing.microsoft.com/v7.0/search?q={query}&amp;count={count}&amp;mkt=zh-CN"</c>,
/// <c>Headers = { "Ocp-Apim-Subscription-Key": "{key}" }</c>, <c>ApiKeyVariable = "BING_SEARCH_KEY"</c>,
/// <c>ResultsPath = "webPages.value"</c>, <c>TitleField = "name"</c>, <c>UrlField = "url"</c>,
/// <c>SnippetField = "snippet"</c>, <c>PublishedField = "datePublished"</c>.
/// </description></item>
/// <item><term>SerpAPI</term><description>
/// <c>UrlTemplate = "https://serpapi.com/search.json?engine=google&amp;q={query}&amp;num={count}&amp;api_key={key}"</c>,
/// <c>ApiKeyVariable = "SERPAPI_KEY"</c>, <c>ResultsPath = "organic_results"</c>, <c>TitleField = "title"</c>,
/// <c>UrlField = "link"</c>, <c>SnippetField = "snippet"</c>, <c>PublishedField = "date"</c>.
/// </description></item>
/// <item><term>A JSON POST API (e.g. Tavily)</term><description>
/// <c>UrlTemplate = "https://api.tavily.com/search"</c>,
/// <c>BodyTemplate = "{\"query\": \"{query}\", \"max_results\": {count}}"</c>,
/// <c>Headers = { "Authorization": "Bearer {key}" }</c>, <c>ResultsPath = "results"</c>,
/// <c>SnippetField = "content"</c>, <c>PublishedField = "published_date"</c>.
/// </description></item>
/// </list>
/// </remarks>
public sealed class JsonWebSearchOptions
{
    /// <summary>The configuration section; each provider's settings sit under <c>{Section}:{Name}</c>.</summary>
    public const string Section = "Hunyu:WebSearch";

    /// <summary>Default of <see cref="MaxResults"/>.</summary>
    public const int DefaultMaxResults = 10;

    /// <summary>Largest allowed <see cref="MaxResults"/>.</summary>
    public const int MaxMaxResults = 100;

    /// <summary>Default of <see cref="MaxResponseBytes"/> (2 MB).</summary>
    public const long DefaultMaxResponseBytes = 2L * 1024 * 1024;

    /// <summary>Smallest allowed <see cref="MaxResponseBytes"/> (1 KB).</summary>
    public const long MinMaxResponseBytes = 1024;

    /// <summary>Largest allowed <see cref="MaxResponseBytes"/> (64 MB): an answer is held in memory while it is read.</summary>
    public const long MaxMaxResponseBytes = 64L * 1024 * 1024;

    /// <summary>Default of <see cref="UserAgent"/>.</summary>
    public const string DefaultUserAgent = "Hunyu/1.0 (knowledge-search web search)";

    /// <summary>Default of <see cref="Timeout"/>: short, because a web search runs while someone waits for an answer.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Shortest allowed <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest allowed <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The provider's name (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>), e.g. <c>searxng</c>; errors and warnings name it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The absolute http(s) URL asked, with placeholders in its path or query only (never in the host), e.g. <c>https://search.example/api?q={query}&amp;n={count}</c>.</summary>
    public string UrlTemplate { get; set; } = string.Empty;

    /// <summary>A JSON body with placeholders; when set the search is a <c>POST</c> of it as <c>application/json</c>, otherwise a <c>GET</c>.</summary>
    public string? BodyTemplate { get; set; }

    /// <summary>Headers sent with every request (values may hold <c>{key}</c>), e.g. <c>X-Subscription-Token: {key}</c>.</summary>
    public IDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Name of the environment variable holding the API key; needed when a template uses <c>{key}</c>, and only then.</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>Dotted path of the results array in the answer, e.g. <c>web.results</c>; empty when the answer is the array itself.</summary>
    /// <value>The default is <c>results</c>.</value>
    public string ResultsPath { get; set; } = "results";

    /// <summary>Path of a result's title; a result without one is titled by its URL.</summary>
    /// <value>The default is <c>title</c>.</value>
    public string TitleField { get; set; } = "title";

    /// <summary>Path of a result's URL; a result without an absolute http(s) URL is dropped and counted.</summary>
    /// <value>The default is <c>url</c>.</value>
    public string UrlField { get; set; } = "url";

    /// <summary>Path of a result's extract (a string, or an array of strings that are joined).</summary>
    /// <value>The default is <c>snippet</c>.</value>
    public string SnippetField { get; set; } = "snippet";

    /// <summary>Path of a result's publication date (ISO 8601 or a common date form); null reads none.</summary>
    public string? PublishedField { get; set; }

    /// <summary>Most hits one search returns, whatever the caller asks.</summary>
    /// <value>The default is 10; allowed 1-100.</value>
    public int MaxResults { get; set; } = DefaultMaxResults;

    /// <summary>Time one search may take, from connecting to the end of the answer.</summary>
    /// <value>The default is 5 seconds; allowed 0.1 second to 2 minutes.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Largest answer read; a larger one is refused with <c>too_large</c> as soon as it passes the limit.</summary>
    /// <value>The default is 2 MB; allowed 1 KB-64 MB.</value>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>
    /// Allow the engine on a loopback address (127.0.0.0/8, ::1), e.g. SearXNG on the same machine. SECURITY: off by
    /// default, so a provider configured through the API cannot be pointed at services on the server itself.
    /// </summary>
    /// <value>The default is false.</value>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Allow the engine on a private network (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). SECURITY: off by
    /// default; link-local addresses (cloud metadata) are never allowed.
    /// </summary>
    /// <value>The default is false.</value>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The User-Agent header sent.</summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    /// <summary>The configuration section of the provider named <paramref name="provider"/>: <c>Hunyu:WebSearch:{provider}</c>.</summary>
    internal static string SectionOf(string provider) => $"{Section}:{provider}";

    /// <summary>The configuration path of one setting, for messages: <c>Hunyu:WebSearch:{provider}:{setting}</c>.</summary>
    internal static string PathOf(string provider, string setting) => $"{SectionOf(provider)}:{setting}";
}
