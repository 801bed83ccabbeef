using System.Globalization;
using Hunyu.Core.Errors;
using Hunyu.Server.Http;
using Microsoft.Extensions.Options;

namespace Hunyu.Server;

/// <summary>Checks <see cref="ServerOptions"/> at startup; every message names the setting and its allowed range.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckBytes(failures, nameof(ServerOptions.MaxJsonBodyBytes), options.MaxJsonBodyBytes, ServerOptions.MaxJsonBodyBytesLimit);
        CheckBytes(failures, nameof(ServerOptions.MaxUploadBytes), options.MaxUploadBytes, ServerOptions.MaxUploadBytesLimit);
        if (options.MaxUploadFiles is < 1 or > ServerOptions.MaxUploadFilesLimit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{ServerOptions.Section}:{nameof(ServerOptions.MaxUploadFiles)} is {options.MaxUploadFiles}; allowed 1-{ServerOptions.MaxUploadFilesLimit:N0}"));
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                failures.Add($"{ServerOptions.Section}:{nameof(ServerOptions.AllowedOrigins)} has '{origin}'; use an origin such as https://portal.example.com");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckBytes(List<string> failures, string setting, long value, long max)
    {
        if (value < ServerOptions.MinBodyBytes || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{ServerOptions.Section}:{setting} is {value:N0} bytes; allowed {ByteSize.Format(ServerOptions.MinBodyBytes)}-{ByteSize.Format(max)}"));
        }
    }
}
