namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>A set of <see cref="PiiType"/> values as a bit mask (the scanner asks for every candidate).</summary>
/// <param name="Bits">Bit <c>1 &lt;&lt; (int)type</c> is set for each type in the set.</param>
internal readonly record struct PiiTypeSet(uint Bits)
{
    /// <summary>Every type.</summary>
    public static PiiTypeSet All { get; } = Of(Enum.GetValues<PiiType>());

    /// <summary>The set of <paramref name="types"/>.</summary>
    public static PiiTypeSet Of(IEnumerable<PiiType> types) => new(types.Aggregate(0u, (bits, type) => bits | (1u << (int)type)));

    /// <summary>Whether <paramref name="type"/> is in the set.</summary>
    public bool Contains(PiiType type) => (Bits & (1u << (int)type)) != 0;

    /// <summary>The types in the set, in enum order.</summary>
    public IReadOnlyList<PiiType> ToList()
    {
        var bits = Bits;
        return Enum.GetValues<PiiType>().Where(type => (bits & (1u << (int)type)) != 0).ToList();
    }
}
