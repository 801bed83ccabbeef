namespace Hunyu.Server.Api.Contracts;

/// <summary>The data of an <c>error</c> event: the stream failed after it started (the fields of a problem response).</summary>
/// <param name="Status">The HTTP status the failure would have had.</param>
/// <param name="Code">The stable snake_case code.</param>
/// <param name="Detail">What went wrong, in one line.</param>
/// <param name="TraceId">The id under which the server log has the details.</param>
public sealed record ErrorEvent(int Status, string Code, string Detail, string TraceId);
