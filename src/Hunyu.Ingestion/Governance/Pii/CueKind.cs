namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>What a Chinese cue word announces.</summary>
internal enum CueKind
{
    /// <summary>A person name follows (姓名, 联系人, 申請人, …).</summary>
    Name,

    /// <summary>An address follows (地址, 住址, …).</summary>
    Address,

    /// <summary>The word is a province-level name that may open an address (北京, 廣東, …).</summary>
    Province,

    /// <summary>市 (city): the two characters before it may open an address (深圳市南山区…).</summary>
    City,
}
