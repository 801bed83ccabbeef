using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Core.Net;
using Hunyu.Ingestion.Parsing;
using Microsoft.Extensions.Logging;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// One crawl: sitemaps first, then the pages breadth-first (start pages and sitemap entries at depth 0), one request
/// at a time. Every request passes the per-host rate limit and the SSRF guard; every page passes robots.txt.
/// </summary>
/// <remarks>
/// A page that cannot be read (HTTP 5xx, timeout, too large, refused, unparsable) is yielded with its problem, so the
/// ingestion job keeps its earlier documents, and its links from the last good read are still followed, so pages
/// found only through it are not dropped by a passing failure. A page indexed before that now answers 404 or 410 is
/// left out (and noted), so the job removes it. Not thread-safe; one per <see cref="WebCrawler.ReadAsync"/>.
/// </remarks>
internal sealed class CrawlSession : IDisposable
{
    private const string AcceptHeader = "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,text/plain;q=0.7,*/*;q=0.5";

    // Redirects followed for robots.txt (RFC 9309 asks for at least five).
    private const int MaxRobotsRedirects = 5;

    // How deep sitemap indexes may nest (the protocol allows one level; some sites nest two).
    private const int MaxSitemapNesting = 2;

    private static readonly string[] XRobotsDirectivesWithColon = ["unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"];

    private readonly WebCrawlOptions _options;
    private readonly ParserRegistry _parsers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _location;
    private readonly HttpClient _http;
    private readonly GuardedConnector _guard;
    private readonly HostThrottle _throttle;
    private readonly HostScope _scope = new();
    private readonly CrawlStateStore? _state;
    private readonly Queue<QueuedUrl> _frontier = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RobotsEntry> _robots = new(StringComparer.Ordinal);
    private readonly List<WebCrawlSkip> _skipped = [];
    private readonly int _maxQueued;
    private int _requested;
    private int _read;
    private int _notModified;
    private int _failed;
    private int _gone;
    private bool _limitReached;
    private bool _completed;

    public CrawlSession(WebCrawlOptions options, ParserRegistry parsers, ILogger logger, TimeProvider time, Func<string, CancellationToken, Task<IPAddress[]>> resolve, string location)
    {
        _options = options;
        _parsers = parsers;
        _logger = logger;
        _time = time;
        _location = location;
        _maxQueued = options.MaxPages * WebCrawlOptions.MaxQueuedUrlsPerPage;
        _throttle = new HostThrottle(options.MinRequestInterval, time);
        _guard = new GuardedConnector(new NetworkAddressPolicy(options.AllowLoopback, options.AllowPrivateNetworks, WebCrawlOptions.Section), resolve);
        var handler = new SocketsHttpHandler
        {
            // Redirects are followed by hand, so each hop is checked for scheme, scope, robots.txt and loops.
            AllowAutoRedirect = false,

            // SECURITY: a proxy would open the connection for us, past the address check of ConnectCallback.
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.ConnectTimeout,
            ConnectCallback = _guard.ConnectAsync,
            MaxConnectionsPerServer = 2,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", AcceptHeader);
        _http.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", options.AcceptLanguage);

        foreach (var host in options.AllowedHosts)
        {
            _scope.Add(host);
        }

        if (options.AllowedHosts.Count == 0)
        {
            foreach (var url in options.Urls.Concat(options.Sitemaps))
            {
                if (CanonicalUrl.TryCreate(url, null, out var start, out _))
                {
                    _scope.Add(HostOf(start));
                }
            }
        }

        try
        {
            _state = options.StateDirectory is null ? null : CrawlStateStore.Open(options.StateDirectory, location, logger);
        }
        catch
        {
            _http.Dispose();
            throw;
        }
    }

    /// <summary>What the crawl did so far.</summary>
    public WebCrawlReport Report() =>
        new(_requested, _read, _notModified, _failed, _gone, _limitReached, _completed, [.. _skipped]);

    /// <summary>Crawls, yielding one item per page read (or failed) and per sitemap that failed.</summary>
    public async IAsyncEnumerable<SourceItem> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var url in _options.Urls)
        {
            if (CanonicalUrl.TryCreate(url, null, out var start, out _) && !Enqueue(start, 0, isSeed: true))
            {
                Skip(start, "outside the allowed hosts");
            }
        }

        await foreach (var failure in ReadSitemapsAsync(cancellationToken))
        {
            yield return failure;
        }

        while (_frontier.TryDequeue(out var entry))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_done.Contains(CanonicalUrl.Key(entry.Url)))
            {
                continue;
            }

            if (_requested >= _options.MaxPages)
            {
                _limitReached = true;
                var more = _frontier.Count(queued => !_done.Contains(CanonicalUrl.Key(queued.Url)));
                Skip(entry.Url, $"page limit reached ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxPages)} is {_options.MaxPages}); this and {more} more queued URLs were not crawled");
                break;
            }

            var result = await ProcessAsync(entry, cancellationToken);
            if (result.Item is not null)
            {
                yield return result.Item;
            }

            if (entry.Depth < _options.MaxDepth)
            {
                foreach (var link in result.Links)
                {
                    Enqueue(link, entry.Depth + 1, isSeed: false);
                }
            }
        }

        _completed = true;
        _state?.Prune(_time.GetUtcNow());
        WebCrawlerLog.Finished(_logger, _location, _requested, _read, _notModified, _failed, _gone, _skipped.Count);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string HostOf(Uri url) => url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost;

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string TitleOf(Uri url)
    {
        var path = Uri.UnescapeDataString(url.AbsolutePath).TrimEnd('/');
        var slash = path.LastIndexOf('/');
        var last = slash >= 0 ? path[(slash + 1)..] : path;
        return last.Length > 0 ? last : url.Host;
    }

    private bool Enqueue(Uri url, int depth, bool isSeed)
    {
        if (!_scope.Contains(url))
        {
            return false;
        }

        if (_queued.Count < _maxQueued && _queued.Add(CanonicalUrl.Key(url)))
        {
            _frontier.Enqueue(new QueuedUrl(url, depth, isSeed));
        }

        return true;
    }

    // ---- Sitemaps ----

    private async IAsyncEnumerable<SourceItem> ReadSitemapsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queue = new Queue<(Uri Url, int Nesting)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in _options.Sitemaps)
        {
            if (CanonicalUrl.TryCreate(value, null, out var url, out _) && seen.Add(CanonicalUrl.Key(url)))
            {
                queue.Enqueue((url, 0));
            }
        }

        var read = 0;
        while (queue.TryDequeue(out var next))
        {
            if (read++ >= _options.MaxSitemaps)
            {
                Skip(next.Url, $"sitemap limit reached ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxSitemaps)} is {_options.MaxSitemaps})");
                continue;
            }

            var (sitemap, problem) = await ReadSitemapAsync(next.Url, cancellationToken);
            if (problem is not null)
            {
                _failed++;
                WebCrawlerLog.PageFailed(_logger, problem.Error.Code, problem.Message);
                var key = CanonicalUrl.Key(next.Url);
                yield return new SourceItem(key, key, 0) { Problem = problem };
            }

            if (sitemap is null)
            {
                continue;
            }

            var outside = 0;
            foreach (var page in sitemap.Pages)
            {
                if (CanonicalUrl.TryCreate(page, next.Url, out var url, out _) && !Enqueue(url, 0, isSeed: false))
                {
                    outside++;
                }
            }

            foreach (var child in sitemap.Sitemaps)
            {
                if (CanonicalUrl.TryCreate(child, next.Url, out var url, out _) && _scope.Contains(url) && next.Nesting < MaxSitemapNesting && seen.Add(CanonicalUrl.Key(url)))
                {
                    queue.Enqueue((url, next.Nesting + 1));
                }
            }

            if (outside > 0)
            {
                Skip(next.Url, $"{outside} of its URLs are outside the allowed hosts and were not crawled");
            }

            if (sitemap.Dropped > 0)
            {
                Skip(next.Url, $"{sitemap.Dropped} URLs beyond the first {_options.MaxSitemapUrls} were not read ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxSitemapUrls)})");
            }
        }
    }

    private async Task<(Sitemap? Sitemap, SourceProblem? Problem)> ReadSitemapAsync(Uri url, CancellationToken cancellationToken)
    {
        var result = await TryReadSitemapAsync(url, cancellationToken);
        if (result.Sitemap is not null || result.Problem is null)
        {
            return result;
        }

        // A sitemap that fails lends its last list: each of its pages is still fetched and judged on its own.
        if (_state?.LoadSitemap(url) is { } cached)
        {
            var when = cached.FetchedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            return (new Sitemap(cached.Pages, cached.Sitemaps, 0), result.Problem with { Message = $"{result.Problem.Message}; its list from {when} was used" });
        }

        return result;
    }

    private async Task<(Sitemap? Sitemap, SourceProblem? Problem)> TryReadSitemapAsync(Uri url, CancellationToken cancellationToken)
    {
        var key = CanonicalUrl.Key(url);
        try
        {
            _guard.CheckLiteral(url);
            var robots = await RobotsAsync(url, cancellationToken);
            if (robots.Problem is { } robotsProblem)
            {
                return (null, RobotsFailure(url, robotsProblem));
            }

            if (!robots.Rules!.IsAllowed(url))
            {
                Skip(url, "sitemap disallowed by robots.txt");
                return (null, null);
            }

            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var current = url;
            for (var hops = 0; ; hops++)
            {
                using var response = await SendAsync(current, null, linked.Token);
                if (IsRedirect(response.StatusCode) && hops < _options.MaxRedirects && response.Headers.Location is { } location
                    && CanonicalUrl.TryCreate(location.OriginalString, current, out var next, out _) && _scope.Contains(next))
                {
                    _guard.CheckLiteral(next);
                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    var code = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone ? ErrorCode.NotFound : ErrorCode.SourceUnavailable;
                    return (null, new SourceProblem(code, $"{key}: sitemap not read: {HttpRequestFailure.StatusText(response)}"));
                }

                await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
                var sitemap = await SitemapReader.ReadAsync(body, key, _options.MaxSitemapBytes, _options.MaxSitemapUrls, linked.Token);
                _state?.SaveSitemap(new CachedSitemap(key, _time.GetUtcNow(), sitemap.Pages, sitemap.Sitemaps));
                return (sitemap, null);
            }
        }
        catch (Exception e) when (Problem(e, url, cancellationToken) is { } problem)
        {
            return (null, problem with { Message = problem.Message.Replace($"{key}: ", $"{key}: sitemap not read: ", StringComparison.Ordinal) });
        }
    }

    // ---- Pages ----

    private async Task<PageResult> ProcessAsync(QueuedUrl entry, CancellationToken cancellationToken)
    {
        var current = entry.Url;
        try
        {
            _guard.CheckLiteral(current);
            if (await RobotsBlockAsync(current, cancellationToken) is { } blocked)
            {
                return blocked;
            }

            _requested++;
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var chain = new List<Uri> { current };
            var cached = _state?.LoadPage(current);
            for (var hops = 0; ; hops++)
            {
                using var response = await SendAsync(current, cached, linked.Token);
                if (!IsRedirect(response.StatusCode))
                {
                    return await HandleResponseAsync(current, cached, response, linked.Token);
                }

                if (response.Headers.Location is not { } location)
                {
                    return Fail(current, ErrorCode.SourceUnavailable, $"{CanonicalUrl.Key(current)}: {HttpRequestFailure.StatusText(response)} without a Location header");
                }

                if (!CanonicalUrl.TryCreate(location.OriginalString, current, out var next, out var reason))
                {
                    return Fail(current, ErrorCode.InvalidArgument, $"{CanonicalUrl.Key(current)}: redirects to '{location.OriginalString}', which {reason}; not followed");
                }

                _done.Add(CanonicalUrl.Key(current));
                if (chain.Exists(url => CanonicalUrl.Key(url) == CanonicalUrl.Key(next)))
                {
                    chain.Add(next);
                    return Fail(entry.Url, ErrorCode.SourceUnavailable, $"{CanonicalUrl.Key(entry.Url)}: redirect loop: {string.Join(" → ", chain.Select(CanonicalUrl.Key))}");
                }

                if (hops + 1 > _options.MaxRedirects)
                {
                    return Fail(entry.Url, ErrorCode.SourceUnavailable, $"{CanonicalUrl.Key(entry.Url)}: more than {_options.MaxRedirects} redirects ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxRedirects)}); last to {CanonicalUrl.Key(next)}");
                }

                if (!_scope.Contains(next))
                {
                    if (!entry.IsSeed || _options.AllowedHosts.Count > 0)
                    {
                        return Skip(entry.Url, $"redirects to {CanonicalUrl.Key(next)}, outside the allowed hosts");
                    }

                    // A start page that moves to another host (http://a → https://www.a) takes the site with it.
                    _scope.Add(HostOf(next));
                }

                if (_done.Contains(CanonicalUrl.Key(next)))
                {
                    return PageResult.Empty;
                }

                _guard.CheckLiteral(next);
                if (await RobotsBlockAsync(next, cancellationToken) is { } blockedTarget)
                {
                    return blockedTarget;
                }

                chain.Add(next);
                current = next;
                cached = _state?.LoadPage(current);
            }
        }
        catch (Exception e) when (Problem(e, current, cancellationToken) is { } problem)
        {
            return Fail(current, problem.Error, problem.Message);
        }
    }

    private async Task<PageResult> HandleResponseAsync(Uri url, CachedPage? cached, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var key = CanonicalUrl.Key(url);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            if (cached is null || !cached.HasValidators)
            {
                return Fail(url, ErrorCode.SourceUnavailable, $"{key}: {HttpRequestFailure.StatusText(response)} to a request that was not conditional");
            }

            _done.Add(key);
            _notModified++;
            var etag = response.Headers.ETag?.ToString();
            if (etag is not null && etag != cached.ETag)
            {
                _state!.SavePage(cached with { ETag = etag });
            }
            else
            {
                _state!.Keep(url);
            }

            return new PageResult(ItemOf(url, cached.Documents, [], 0), LinksOf(cached));
        }

        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            if (cached is not null)
            {
                _state!.DeletePage(url);
                _gone++;
                return Skip(url, $"gone ({HttpRequestFailure.StatusText(response)}); its documents are removed");
            }

            return Fail(url, ErrorCode.NotFound, $"{key}: {HttpRequestFailure.StatusText(response)}", []);
        }

        if (status is < 200 or > 299)
        {
            return Fail(url, ErrorCode.SourceUnavailable, $"{key}: {HttpRequestFailure.StatusText(response)}");
        }

        var contentType = response.Content.Headers.ContentType;
        var extension = WebContentTypes.ExtensionOf(contentType?.MediaType?.ToLowerInvariant(), url);
        if (extension is null || !_parsers.TryGetParser("page" + extension, out var parser))
        {
            return Skip(url, $"content type {contentType?.MediaType ?? "(none)"} is not a supported format");
        }

        var body = await ReadBodyAsync(response, key, cancellationToken);
        _read++;
        _done.Add(key);
        var page = WebContentTypes.IsHtml(extension) ? LinkExtractor.Extract(body, url, contentType?.CharSet) : PageLinks.None;
        var (headerNoIndex, headerNoFollow) = XRobotsTag(response);
        IReadOnlyList<Uri> links = page.NoFollow || headerNoFollow ? [] : page.Links;
        var fresh = new CachedPage(
            key,
            response.Headers.ETag?.ToString(),
            response.Content.Headers.TryGetValues("Last-Modified", out var modified) ? modified.FirstOrDefault() : null,
            contentType?.MediaType,
            _time.GetUtcNow(),
            [.. links.Select(CanonicalUrl.Key)],
            []);
        if (page.NoIndex || headerNoIndex)
        {
            _state?.SavePage(fresh);
            Skip(url, "the page asks not to be indexed (noindex)");
            return new PageResult(null, links);
        }

        var problems = new List<ParseProblem>();
        IReadOnlyList<ParsedDocument> documents;
        try
        {
            documents = Parse(parser, body, url, problems);
        }
        catch (HunyuException e) when (e.Error == ErrorCode.EmptyInput)
        {
            documents = [];
            Skip(url, "no main text to index");
        }
        catch (HunyuException e)
        {
            return Fail(url, e.Error, e.Message, links);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A per-page boundary: a parser's unexpected failure costs this page only.
            WebCrawlerLog.Unexpected(_logger, key, e);
            return Fail(url, ErrorCode.CorruptInput, $"{key}: cannot be parsed: {ParserErrors.OneLine(e.Message)}", links);
        }

        if (problems.Count == 0)
        {
            _state?.SavePage(fresh with { Documents = documents });
        }
        else
        {
            // Bad records are reported and the job keeps the page's earlier documents; so does the cache.
            _state?.Keep(url);
        }

        return new PageResult(ItemOf(url, documents, problems, body.Count), links);
    }

    private static SourceItem? ItemOf(Uri url, IReadOnlyList<ParsedDocument> documents, IReadOnlyList<ParseProblem> problems, long length)
    {
        if (documents.Count == 0 && problems.Count == 0)
        {
            return null;
        }

        var key = CanonicalUrl.Key(url);
        return new SourceItem(key, key, length)
        {
            ReadDocuments = sink =>
            {
                foreach (var problem in problems)
                {
                    sink.Add(problem);
                }

                return documents;
            },
        };
    }

    private static List<ParsedDocument> Parse(IDocumentParser parser, ArraySegment<byte> body, Uri url, List<ParseProblem> problems)
    {
        var key = CanonicalUrl.Key(url);
        using var stream = new MemoryStream(body.Array!, body.Offset, body.Count, writable: false);
        var parsed = parser is IRecordParser records ? records.Parse(stream, key, problems) : parser.Parse(stream, key);
        var documents = new List<ParsedDocument>();
        foreach (var document in parsed)
        {
            documents.Add(string.IsNullOrWhiteSpace(document.Title) ? document with { Title = TitleOf(url) } : document);
        }

        return documents;
    }

    private async Task<ArraySegment<byte>> ReadBodyAsync(HttpResponseMessage response, string key, CancellationToken cancellationToken)
    {
        var limit = _options.MaxPageBytes;
        var limitText = $"limit is {ByteSize.Format(limit)} ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxPageBytes)})";
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new HunyuException(ErrorCode.TooLarge, $"{key}: page is {ByteSize.Format(declared)}; {limitText}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream((int)Math.Min(response.Content.Headers.ContentLength ?? 64 * 1024, limit));
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // PERF: the body is refused as soon as it passes the limit; a huge page is never buffered whole.
            if (buffer.Length + read > limit)
            {
                throw new HunyuException(ErrorCode.TooLarge, $"{key}: page is larger than {ByteSize.Format(limit)}; {limitText}; refused after {ByteSize.Format(buffer.Length + read)}");
            }

            buffer.Write(chunk, 0, read);
        }

        return new ArraySegment<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static (bool NoIndex, bool NoFollow) XRobotsTag(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-Robots-Tag", out var values))
        {
            return (false, false);
        }

        bool noIndex = false, noFollow = false;
        foreach (var value in values)
        {
            var directives = value;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var agent = value[..colon].Trim();
                if (!agent.Contains(',', StringComparison.Ordinal) && !XRobotsDirectivesWithColon.Contains(agent, StringComparer.OrdinalIgnoreCase))
                {
                    if (!agent.Equals(WebCrawlOptions.RobotsProductToken, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    directives = value[(colon + 1)..];
                }
            }

            var (index, follow) = LinkExtractor.Directives(directives);
            noIndex |= index;
            noFollow |= follow;
        }

        return (noIndex, noFollow);
    }

    // ---- robots.txt ----

    private async Task<PageResult?> RobotsBlockAsync(Uri url, CancellationToken cancellationToken)
    {
        var robots = await RobotsAsync(url, cancellationToken);
        if (robots.Problem is { } problem)
        {
            var failure = RobotsFailure(url, problem);
            return Fail(url, failure.Error, failure.Message);
        }

        return robots.Rules!.IsAllowed(url) ? null : Skip(url, "disallowed by robots.txt");
    }

    /// <summary>The problem of a page whose robots.txt could not be read; <paramref name="robotsProblem"/> holds the reason only.</summary>
    private static SourceProblem RobotsFailure(Uri url, SourceProblem robotsProblem) =>
        robotsProblem.Error == ErrorCode.AddressNotAllowed
            ? robotsProblem with { Message = $"{CanonicalUrl.Key(url)}: {robotsProblem.Message}" }
            : robotsProblem with { Message = $"{CanonicalUrl.Key(url)}: not crawled: {CanonicalUrl.Origin(url)}/robots.txt unavailable: {robotsProblem.Message}" };

    private async Task<RobotsEntry> RobotsAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!_options.RespectRobotsTxt)
        {
            return new RobotsEntry(RobotsTxt.AllowAll, null);
        }

        var origin = CanonicalUrl.Origin(url);
        if (_robots.TryGetValue(origin, out var known))
        {
            return known;
        }

        var entry = await FetchRobotsAsync(new Uri(origin + "/robots.txt"), cancellationToken);
        _robots[origin] = entry;
        if (entry.Rules?.CrawlDelay is { } delay && delay > _options.MinRequestInterval)
        {
            if (delay > _options.MaxCrawlDelay)
            {
                _skipped.Add(new WebCrawlSkip(origin + "/robots.txt", $"Crawl-delay {Seconds(delay)} cut to {Seconds(_options.MaxCrawlDelay)} ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.MaxCrawlDelay)})"));
                delay = _options.MaxCrawlDelay;
            }

            _throttle.SetInterval(CanonicalUrl.Authority(url), delay);
        }

        return entry;
    }

    private async Task<RobotsEntry> FetchRobotsAsync(Uri robotsUrl, CancellationToken cancellationToken)
    {
        var current = robotsUrl;
        try
        {
            _guard.CheckLiteral(current);
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            for (var hops = 0; ; hops++)
            {
                using var response = await SendAsync(current, null, linked.Token);
                if (IsRedirect(response.StatusCode))
                {
                    // RFC 9309: follow at least five redirects; a robots.txt that cannot be reached that way counts as absent.
                    if (hops >= MaxRobotsRedirects || response.Headers.Location is not { } location || !CanonicalUrl.TryCreate(location.OriginalString, current, out var next, out _))
                    {
                        return new RobotsEntry(RobotsTxt.AllowAll, null);
                    }

                    _guard.CheckLiteral(next);
                    current = next;
                    continue;
                }

                var status = (int)response.StatusCode;
                if (status is >= 200 and <= 299)
                {
                    var text = await ReadRobotsAsync(response, linked.Token);
                    return new RobotsEntry(RobotsTxt.Parse(text, WebCrawlOptions.RobotsProductToken), null);
                }

                // RFC 9309: 4xx means no rules; 5xx (and 429, which asks to slow down) means crawl nothing for now.
                return status == 429 || status >= 500
                    ? new RobotsEntry(null, new SourceProblem(ErrorCode.SourceUnavailable, HttpRequestFailure.StatusText(response)))
                    : new RobotsEntry(RobotsTxt.AllowAll, null);
            }
        }
        catch (Exception e) when (Problem(e, current, cancellationToken) is { } problem)
        {
            // Keep the reason only; the page's problem says which page and which robots.txt.
            var prefix = CanonicalUrl.Key(current) + ": ";
            return new RobotsEntry(null, problem.Message.StartsWith(prefix, StringComparison.Ordinal) ? problem with { Message = problem.Message[prefix.Length..] } : problem);
        }
    }

    private static async Task<string> ReadRobotsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebCrawlOptions.MaxRobotsBytes];

        // Only the first MaxRobotsBytes are read; RFC 9309 lets a crawler ignore the rest.
        var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return new UTF8Encoding(false, false).GetString(buffer, 0, length);
    }

    // ---- HTTP ----

    private async Task<HttpResponseMessage> SendAsync(Uri url, CachedPage? cached, CancellationToken cancellationToken)
    {
        await _throttle.WaitAsync(CanonicalUrl.Authority(url), cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (cached is { HasValidators: true })
        {
            if (cached.ETag is { } etag)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            }

            if (cached.LastModified is { } lastModified)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
            }
        }

        WebCrawlerLog.Requesting(_logger, url.AbsoluteUri);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The problem an exception of one request stands for; null (rethrow) for the caller's own cancellation.</summary>
    private SourceProblem? Problem(Exception exception, Uri url, CancellationToken cancellationToken)
    {
        var key = CanonicalUrl.Key(url);
        return exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            OperationCanceledException => new SourceProblem(ErrorCode.Timeout, $"{key}: timed out after {Seconds(_options.RequestTimeout)} ({WebCrawlOptions.Section}:{nameof(WebCrawlOptions.RequestTimeout)})"),
            HunyuException hunyu => new SourceProblem(hunyu.Error, hunyu.Message.StartsWith(key, StringComparison.Ordinal) ? hunyu.Message : $"{key}: {hunyu.Message}"),
            HttpRequestException http when HttpRequestFailure.InnerHunyu(http) is { } inner => new SourceProblem(inner.Error, $"{key}: {inner.Message}"),
            HttpRequestException http => new SourceProblem(ErrorCode.SourceUnavailable, $"{key}: {HttpRequestFailure.Describe(http)}"),
            IOException io => new SourceProblem(ErrorCode.SourceUnavailable, $"{key}: the connection failed while reading ({ParserErrors.OneLine(io.Message)})"),
            OutOfMemoryException => null,

            // A per-page boundary: anything else unexpected costs this page only, and is logged with its stack.
            _ => Unexpected(exception, key),
        };
    }

    private SourceProblem Unexpected(Exception exception, string key)
    {
        WebCrawlerLog.Unexpected(_logger, key, exception);
        return new SourceProblem(ErrorCode.Internal, $"{key}: unexpected failure ({ParserErrors.OneLine(exception.Message)})");
    }

    // ---- Outcomes ----

    private PageResult Fail(Uri url, ErrorCode code, string message, IReadOnlyList<Uri>? links = null)
    {
        var key = CanonicalUrl.Key(url);
        _failed++;
        _done.Add(key);
        var cached = _state?.LoadPage(url);
        if (cached is not null)
        {
            // The job keeps the page's documents (it failed, it is not gone); the cache keeps them too.
            _state!.Keep(url);
        }

        WebCrawlerLog.PageFailed(_logger, code.Code, message);
        return new PageResult(new SourceItem(key, key, 0) { Problem = new SourceProblem(code, message) }, links ?? LinksOf(cached));
    }

    private PageResult Skip(Uri url, string reason)
    {
        var key = CanonicalUrl.Key(url);
        _done.Add(key);
        _skipped.Add(new WebCrawlSkip(key, reason));
        WebCrawlerLog.Skipped(_logger, key, reason);
        return PageResult.Empty;
    }

    private static IReadOnlyList<Uri> LinksOf(CachedPage? cached)
    {
        if (cached is null)
        {
            return [];
        }

        var links = new List<Uri>(cached.Links.Count);
        foreach (var link in cached.Links)
        {
            if (Uri.TryCreate(link, UriKind.Absolute, out var url))
            {
                links.Add(url);
            }
        }

        return links;
    }

    private readonly record struct QueuedUrl(Uri Url, int Depth, bool IsSeed);

    private sealed record RobotsEntry(RobotsTxt? Rules, SourceProblem? Problem);

    private sealed record PageResult(SourceItem? Item, IReadOnlyList<Uri> Links)
    {
        public static PageResult Empty { get; } = new(null, []);
    }
}
