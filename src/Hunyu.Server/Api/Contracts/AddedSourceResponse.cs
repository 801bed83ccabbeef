using System.Text.Json.Serialization;
using Hunyu.Hosting.Sources;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>POST /api/sources</c>: the stored source and, with <c>?sync=true</c>, its first sync.</summary>
/// <param name="Id">Stable source id, for <c>/api/sources/{id}</c>.</param>
/// <param name="Domain">The domain it feeds.</param>
/// <param name="Kind">Connector kind.</param>
/// <param name="Location">The connector's address of the source (never credentials).</param>
/// <param name="Definition">The definition as stored: paths absolute, defaults filled in.</param>
/// <param name="Sync">The sync's counts and failures; absent when it was not asked for.</param>
public sealed record AddedSourceResponse(
    string Id,
    string Domain,
    string Kind,
    string Location,
    SourceDefinition Definition,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SyncResponse? Sync);
