namespace Hunyu.Hosting.Export;

/// <summary>Where a query of a BEIR export comes from.</summary>
public enum QueryKind
{
    /// <summary>A question mined from an FAQ-style document (<see cref="FaqMiner"/>).</summary>
    Faq,

    /// <summary>A heading of the document, as a pseudo-query.</summary>
    Heading,

    /// <summary>The document's title, as a pseudo-query.</summary>
    Title,
}
