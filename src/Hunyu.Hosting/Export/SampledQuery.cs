namespace Hunyu.Hosting.Export;

/// <summary>A query kept by <see cref="QuerySampler"/>, with the documents it was found in (its relevant documents).</summary>
/// <param name="Id">Stable id: the same text and seed give the same id.</param>
/// <param name="Text">The query.</param>
/// <param name="Kind">Where it came from (an FAQ question wins over a heading or title with the same text).</param>
/// <param name="Documents">Ids of the documents it came from, in the order they were seen.</param>
public sealed record SampledQuery(string Id, string Text, QueryKind Kind, IReadOnlyList<string> Documents);
