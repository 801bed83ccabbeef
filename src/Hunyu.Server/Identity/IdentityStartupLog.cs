using Hunyu.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Identity;

/// <summary>Says at startup, loudly, whether requests must authenticate or run as the local administrator.</summary>
internal sealed partial class IdentityStartupLog(KnowledgeBase knowledge, IOptions<JwtOptions> jwt, ILogger<IdentityStartupLog> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (jwt.Value.Configured)
        {
            LogJwt(logger, jwt.Value.Issuer ?? jwt.Value.Authority ?? "(signing keys)", jwt.Value.Audience ?? string.Empty);
        }
        else if (await knowledge.HasApiKeysAsync(cancellationToken))
        {
            LogKeys(logger);
        }
        else
        {
            LogAnonymous(logger);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity: every request must authenticate with an API key or a JWT from {Issuer} for audience {Audience}")]
    private static partial void LogJwt(ILogger logger, string issuer, string audience);

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity: API keys exist; every request must authenticate (Authorization: Bearer <key>)")]
    private static partial void LogKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity: NO API key and NO token issuer configured: every request runs as the local ADMINISTRATOR. Keep the server on localhost, or issue a key ('hunyu keys add') or configure Hunyu:Identity:Jwt to require authentication.")]
    private static partial void LogAnonymous(ILogger logger);
}
