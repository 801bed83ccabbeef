namespace Hunyu.Core.Knowledge;

/// <summary>The kind of knowledge a domain holds; it decides defaults such as ownership and weight.</summary>
public enum DomainKind
{
    /// <summary>One user's notes; searched only for that user.</summary>
    Personal,

    /// <summary>Enterprise documents: handbooks, policies, reports.</summary>
    Enterprise,

    /// <summary>Rows of business systems (ERP, CRM, ticketing) as records.</summary>
    Business,

    /// <summary>Premium industry data: statutes, standards, market reports.</summary>
    Industry,

    /// <summary>Pages from the internet.</summary>
    Internet,
}
