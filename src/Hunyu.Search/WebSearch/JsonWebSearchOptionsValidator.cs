using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Hunyu.Search.WebSearch;

/// <summary>Checks <see cref="JsonWebSearchOptions"/>; every message names the setting and what is allowed.</summary>
public sealed class JsonWebSearchOptionsValidator : IValidateOptions<JsonWebSearchOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JsonWebSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.Name) || !options.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            failures.Add($"{JsonWebSearchOptions.Section}: provider name '{options.Name}' is not allowed; use letters, digits, '-', '_' and '.', e.g. searxng");
        }

        CheckUrlTemplate(options, failures);
        CheckBodyTemplate(options, failures);
        CheckHeaders(options, failures);
        var usesKey = RequestTemplate.UsesKey(options);
        if (usesKey && string.IsNullOrWhiteSpace(options.ApiKeyVariable))
        {
            failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.ApiKeyVariable))} is empty, but a template uses {{key}}; name the environment variable holding the API key");
        }
        else if (!usesKey && !string.IsNullOrWhiteSpace(options.ApiKeyVariable))
        {
            // The key would never be sent: a header or parameter for it is missing.
            failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.ApiKeyVariable))} is set, but no header, URL or body uses {{key}}; add e.g. a header \"X-Subscription-Token: {{key}}\"");
        }

        if (!RequestTemplate.Uses(options.UrlTemplate, RequestTemplate.Query) && !RequestTemplate.Uses(options.BodyTemplate, RequestTemplate.Query))
        {
            failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.UrlTemplate))}: neither it nor {nameof(options.BodyTemplate)} holds {{query}}; the question would never be sent");
        }

        if (options.ResultsPath is null || !JsonFieldPath.IsValid(options.ResultsPath, allowEmpty: true))
        {
            failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.ResultsPath))} is '{options.ResultsPath}'; give a dotted path such as web.results, or empty for an answer that is the array itself");
        }

        foreach (var (setting, path) in new[] { (nameof(options.TitleField), options.TitleField), (nameof(options.UrlField), options.UrlField), (nameof(options.SnippetField), options.SnippetField) })
        {
            if (path is null || !JsonFieldPath.IsValid(path, allowEmpty: false))
            {
                failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, setting)} is '{path}'; give a dotted path such as title");
            }
        }

        if (options.PublishedField is not null && !JsonFieldPath.IsValid(options.PublishedField, allowEmpty: false))
        {
            failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.PublishedField))} is '{options.PublishedField}'; give a dotted path such as page_age, or leave it unset");
        }

        if (options.MaxResults is < 1 or > JsonWebSearchOptions.MaxMaxResults)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.MaxResults))} is {options.MaxResults}; allowed 1-{JsonWebSearchOptions.MaxMaxResults}"));
        }

        if (options.Timeout < JsonWebSearchOptions.MinTimeout || options.Timeout > JsonWebSearchOptions.MaxTimeout)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.Timeout))} is {options.Timeout}; allowed {JsonWebSearchOptions.MinTimeout}-{JsonWebSearchOptions.MaxTimeout}"));
        }

        if (options.MaxResponseBytes is < JsonWebSearchOptions.MinMaxResponseBytes or > JsonWebSearchOptions.MaxMaxResponseBytes)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.MaxResponseBytes))} is {options.MaxResponseBytes}; allowed {JsonWebSearchOptions.MinMaxResponseBytes}-{JsonWebSearchOptions.MaxMaxResponseBytes}"));
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.UserAgent))} is empty; allowed any product token, e.g. {JsonWebSearchOptions.DefaultUserAgent}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrlTemplate(JsonWebSearchOptions options, List<string> failures)
    {
        var setting = JsonWebSearchOptions.PathOf(options.Name, nameof(options.UrlTemplate));
        var template = options.UrlTemplate ?? string.Empty;
        if (RequestTemplate.UnknownPlaceholder(template) is { } unknown)
        {
            failures.Add($"{setting} holds {unknown}; the placeholders are {{query}}, {{count}} and {{key}}");
            return;
        }

        var sample = RequestTemplate.Url(template, "q", 1, "k");
        if (!Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{setting} is '{template}'; give an absolute http(s) URL, e.g. http://127.0.0.1:8888/search?q={{query}}&format=json");
        }
        else if (RequestTemplate.PlaceholderBeforePath(template))
        {
            // SECURITY: the question must never choose the host the request (and the key) goes to.
            failures.Add($"{setting} has a placeholder in its scheme, host or port; placeholders belong in the path or query");
        }
        else if (uri.UserInfo.Length > 0)
        {
            failures.Add($"{setting} carries credentials; put the API key in the environment variable named by {JsonWebSearchOptions.PathOf(options.Name, nameof(options.ApiKeyVariable))} and use {{key}}");
        }
    }

    private static void CheckBodyTemplate(JsonWebSearchOptions options, List<string> failures)
    {
        if (options.BodyTemplate is null)
        {
            return;
        }

        try
        {
            using var _ = JsonDocument.Parse(RequestTemplate.Body(options.BodyTemplate, "q \"quoted\"", 1, "k"));
        }
        catch (JsonException e)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.BodyTemplate))} is not JSON once filled in (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); write \"{{query}}\" inside quotes and {{count}} without"));
        }
    }

    private static void CheckHeaders(JsonWebSearchOptions options, List<string> failures)
    {
        using var probe = new HttpRequestMessage();
        foreach (var (header, value) in options.Headers)
        {
            // Content headers (Content-Type, …) and malformed names are refused by the request's header collection.
            if (string.IsNullOrWhiteSpace(header) || !probe.Headers.TryAddWithoutValidation(header, "x"))
            {
                failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.Headers))}: '{header}' cannot be sent as a request header");
            }
            else if (string.IsNullOrEmpty(value) || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                failures.Add($"{JsonWebSearchOptions.PathOf(options.Name, nameof(options.Headers))}: the value of '{header}' is empty or spans lines");
            }
        }
    }
}
