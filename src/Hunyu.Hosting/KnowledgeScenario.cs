namespace Hunyu.Hosting;

/// <summary>
/// A named knowledge configuration (<c>Hunyu:Chat:Models:{name}</c>): the domains a question is answered from and the
/// model speciality it prefers. The OpenAI-compatible endpoint offers each one as a model.
/// </summary>
/// <param name="Name">The name clients select it by (letters, digits, '.', '_', '-'; at most 64).</param>
/// <param name="Domains">The domains searched; empty means every domain the caller may see.</param>
/// <param name="Speciality">The model speciality preferred (e.g. <c>legal</c>); null for any.</param>
public sealed record KnowledgeScenario(string Name, IReadOnlyList<string> Domains, string? Speciality);
