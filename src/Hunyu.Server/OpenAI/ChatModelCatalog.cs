using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Hosting.Configuration;

namespace Hunyu.Server.OpenAI;

/// <summary>
/// The models of the OpenAI-compatible endpoint, each a knowledge configuration: <c>hunyu</c> (every domain the caller
/// may see), each configured scenario (<c>Hunyu:Chat:Models</c>) and, unless turned off, <c>hunyu:DOMAIN</c> per domain.
/// </summary>
internal static class ChatModelCatalog
{
    /// <summary>The prefix of the one-domain models.</summary>
    public const string DomainPrefix = HunyuConfiguration.DefaultChatModel + ":";

    /// <summary>The models <paramref name="principal"/> may select.</summary>
    public static async Task<IReadOnlyList<KnowledgeScenario>> ListAsync(KnowledgeBase knowledge, Principal principal, CancellationToken cancellationToken)
    {
        var models = new List<KnowledgeScenario> { new(HunyuConfiguration.DefaultChatModel, [], null) };
        models.AddRange(knowledge.Scenarios);
        if (knowledge.DomainScenarios)
        {
            // SECURITY: another user's personal domain is not listed, exactly like a domain that does not exist.
            models.AddRange((await knowledge.ListDomainsAsync(cancellationToken))
                .Where(summary => DomainVisibility.Permits(summary.Domain, principal))
                .Select(summary => new KnowledgeScenario(DomainPrefix + summary.Domain.Name, [summary.Domain.Name], null)));
        }

        return models;
    }

    /// <summary>The model named <paramref name="name"/> if <paramref name="principal"/> may select it; null otherwise (the two are not told apart).</summary>
    public static async Task<KnowledgeScenario?> FindAsync(KnowledgeBase knowledge, Principal principal, string name, CancellationToken cancellationToken) =>
        (await ListAsync(knowledge, principal, cancellationToken)).FirstOrDefault(model => string.Equals(model.Name, name, StringComparison.Ordinal));
}
