using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Connectors;

/// <summary>Why a connector did not take a file or folder, for the caller to report.</summary>
/// <param name="Error">The code: <c>too_large</c> over the size limit, <c>path_not_found</c> unreadable or gone, <c>invalid_argument</c> a link that is not followed.</param>
/// <param name="Message">One line naming the entry, the reason and any limit, e.g. "a.pdf is 212 MB; limit is 100 MB (Hunyu:Ingestion:MaxFileBytes)".</param>
public sealed record SourceProblem(ErrorCode Error, string Message);
