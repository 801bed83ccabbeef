namespace Hunyu.Core.Knowledge;

/// <summary>Formats and parses stable citation ids (<c>documentId:ordinal</c>).</summary>
public static class CitationIds
{
    /// <summary>The citation id of chunk <paramref name="ordinal"/> of document <paramref name="documentId"/>.</summary>
    public static string Format(string documentId, int ordinal) => $"{documentId}:{ordinal}";

    /// <summary>Splits a citation id; false when it is not of the form <c>documentId:ordinal</c>.</summary>
    public static bool TryParse(string citationId, out string documentId, out int ordinal)
    {
        var colon = citationId.LastIndexOf(':');
        documentId = colon > 0 ? citationId[..colon] : string.Empty;
        ordinal = -1;
        return colon > 0 && int.TryParse(citationId.AsSpan(colon + 1), out ordinal) && ordinal >= 0;
    }
}
