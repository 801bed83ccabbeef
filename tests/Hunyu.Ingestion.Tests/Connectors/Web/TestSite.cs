using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

/// <summary>One request the site answered.</summary>
internal sealed record SiteRequest(string Path, int Status, string? IfNoneMatch, string? IfModifiedSince, string? UserAgent, DateTimeOffset At);

/// <summary>
/// A small web site on a real Kestrel at 127.0.0.1 with a free port: pages are added and changed while it runs, static
/// content answers conditional requests (ETag, Last-Modified) with 304, and every request is recorded.
/// </summary>
internal sealed class TestSite : IAsyncDisposable
{
    public static readonly DateTimeOffset LastModified = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private WebApplication _app = null!;

    private TestSite()
    {
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int Port => BaseUrl.Port;

    public ConcurrentQueue<SiteRequest> Requests { get; } = new();

    public static async Task<TestSite> StartAsync()
    {
        var site = new TestSite();
        var (app, address) = await LoopbackApp.StartAsync(routes => routes.Run(site.HandleAsync));
        site._app = app;
        site.BaseUrl = new Uri(address + "/");
        return site;
    }

    /// <summary>The absolute URL of <paramref name="path"/>.</summary>
    public string Url(string path) => new Uri(BaseUrl, path).AbsoluteUri;

    public void Html(string path, string html, bool validators = true) =>
        Content(path, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html), validators);

    /// <summary>A page of the given title and main text, with navigation and a footer around it holding <paramref name="links"/>.</summary>
    public void Page(string path, string title, string mainText, params string[] links) =>
        Html(path, PageHtml(title, mainText, links));

    public static string PageHtml(string title, string mainText, params string[] links) => $"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>
        <body>
          <nav>站点导航 navtoken {string.Concat(links.Select(link => $"<a href=\"{link}\">{link}</a> "))}</nav>
          <main><h1>{title}</h1><p>{mainText}</p></main>
          <footer>版权所有 footertoken</footer>
        </body></html>
        """;

    public void Content(string path, string contentType, byte[] body, bool validators = true)
    {
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";
        Map(path, async context =>
        {
            if (validators)
            {
                var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
                if (ifNoneMatch == etag)
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    context.Response.Headers.ETag = etag;
                    return;
                }

                context.Response.Headers.ETag = etag;
                context.Response.Headers.LastModified = LastModified.ToString("R");
            }

            context.Response.ContentType = contentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
    }

    public void Status(string path, int status) => Map(path, context =>
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync($"status {status}");
    });

    public void Redirect(string path, string location, int status = StatusCodes.Status302Found) => Map(path, context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    });

    public void Map(string path, Func<HttpContext, Task> handler) => _routes[path] = handler;

    public void Remove(string path) => _routes.TryRemove(path, out _);

    public int CountOf(string path, int? status = null) => Requests.Count(request => request.Path == path && (status is null || request.Status == status));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value + context.Request.QueryString.Value;
        try
        {
            if (_routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("not found");
            }
        }
        finally
        {
            Requests.Enqueue(new SiteRequest(
                path,
                context.Response.StatusCode,
                context.Request.Headers.IfNoneMatch.FirstOrDefault(),
                context.Request.Headers.IfModifiedSince.FirstOrDefault(),
                context.Request.Headers.UserAgent.FirstOrDefault(),
                DateTimeOffset.UtcNow));
        }
    }
}
