using Hunyu.Hosting;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Identity;

/// <summary>
/// Whether requests must authenticate: always once a JWT issuer is configured or an API key has been issued; until then
/// (a fresh installation on localhost) requests run as the local administrator.
/// </summary>
/// <remarks>Thread-safe. Once keys exist the answer is remembered: keys are revoked, never deleted, so it cannot go back.</remarks>
internal sealed class IdentityMode(KnowledgeBase knowledge, IOptions<JwtOptions> jwt)
{
    private volatile bool _keysIssued;

    /// <summary>True when a JWT issuer is configured.</summary>
    public bool JwtConfigured { get; } = jwt.Value.Configured;

    /// <summary>True when every request must authenticate.</summary>
    public async ValueTask<bool> IsRequiredAsync(CancellationToken cancellationToken)
    {
        if (JwtConfigured || _keysIssued)
        {
            return true;
        }

        // A key may have been issued by 'hunyu keys add' in another process, so the catalog is asked, not a cache.
        _keysIssued = await knowledge.HasApiKeysAsync(cancellationToken);
        return _keysIssued;
    }
}
