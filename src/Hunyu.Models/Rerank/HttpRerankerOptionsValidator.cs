using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hunyu.Models.Rerank;

/// <summary>Checks <see cref="HttpRerankerOptions"/>; every message names the setting and what is allowed.</summary>
public sealed class HttpRerankerOptionsValidator : IValidateOptions<HttpRerankerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HttpRerankerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string S = HttpRerankerOptions.Section;
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            failures.Add($"{S}:{nameof(options.Endpoint)} is '{options.Endpoint}'; give the http(s) base URL, e.g. http://127.0.0.1:8000/v1");
        }
        else if (uri.UserInfo.Length > 0)
        {
            // SECURITY: credentials in a URL end up in messages; the key belongs in the environment.
            failures.Add($"{S}:{nameof(options.Endpoint)} carries credentials; remove them and put the API key in the environment variable named by {S}:{nameof(options.ApiKeyVariable)}");
        }

        if (string.IsNullOrWhiteSpace(options.Path) || !Uri.TryCreate(options.Path.TrimStart('/'), UriKind.Relative, out _) || options.Path.Contains('?', StringComparison.Ordinal))
        {
            failures.Add($"{S}:{nameof(options.Path)} is '{options.Path}'; give the path under the endpoint, e.g. {HttpRerankerOptions.DefaultPath}");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{S}:{nameof(options.Model)} is empty; give the reranker model's name, e.g. bge-reranker-v2-m3");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKeyVariable))
        {
            failures.Add($"{S}:{nameof(options.ApiKeyVariable)} is empty; name the environment variable holding the API key (default {HttpRerankerOptions.DefaultApiKeyVariable})");
        }

        if (options.MaxDocumentsPerRequest is < 1 or > HttpRerankerOptions.MaxMaxDocumentsPerRequest)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.MaxDocumentsPerRequest)} is {options.MaxDocumentsPerRequest}; allowed 1-{HttpRerankerOptions.MaxMaxDocumentsPerRequest}"));
        }

        if (options.Timeout < HttpRerankerOptions.MinTimeout || options.Timeout > HttpRerankerOptions.MaxTimeout)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.Timeout)} is {options.Timeout}; allowed {HttpRerankerOptions.MinTimeout}-{HttpRerankerOptions.MaxTimeout}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
