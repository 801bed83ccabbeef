namespace Hunyu.Core.Knowledge;

/// <summary>Where documents of a domain come from: a folder, a database table, a site.</summary>
/// <param name="Id">Stable identifier derived from domain, kind and location.</param>
/// <param name="Domain">The domain the source feeds.</param>
/// <param name="Kind">Connector kind, e.g. <c>files</c> or <c>upload</c>.</param>
/// <param name="Location">The connector's address of the source, e.g. an absolute folder path.</param>
/// <param name="CreatedAt">When the source was first registered.</param>
public sealed record Source(string Id, string Domain, string Kind, string Location, DateTimeOffset CreatedAt);
