using Hunyu.Core.Knowledge;

namespace Hunyu.Hosting;

/// <summary>A domain as stored by <see cref="KnowledgeBase.SaveDomainAsync"/>.</summary>
/// <param name="Domain">The stored domain.</param>
/// <param name="Created">True when it was new; false when an existing domain was changed.</param>
public sealed record SavedDomain(Domain Domain, bool Created);
