namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>
/// Finds personal and identifying information in text: Chinese and international identifiers (validated by
/// their check characters), phone numbers, e-mail and IP addresses, and Chinese names and addresses next to
/// cue words.
/// </summary>
/// <remarks>
/// <para>One forward pass with hand-written scanners (no regular expressions): time is linear in the text
/// length and memory is the result, so a 200 MB single-line document is fine. Offsets are UTF-16 offsets in
/// the text as given; no normalisation is needed first (full-width digits and letters, Simplified and
/// Traditional cue words are understood).</para>
/// <para>Rules shared by every number: a digit run must be bounded by characters that are neither digits nor
/// Latin letters (no match inside a longer number, a serial number or a hash), and not continue a decimal
/// ("3.13812345678"). A number shaped like a checksummed identifier whose check character is wrong is not
/// PII; <see cref="Scan"/> reports it as a <see cref="PiiNearMiss"/>.</para>
/// <para>Names and addresses are found only where that is reliable: a name after a cue word (姓名, 联系人,
/// 申請人, 原告, …), ending at punctuation (or, after a colon, at any non-Han character or a form word such as
/// 性别); an address after a cue word (地址, 住址, 家住, …) or opened by a province-level name or a city (XX市),
/// read as administrative units, streets, a house number and building units (省市区 → 路街 → 27号 → 3栋201室).</para>
/// <para>The class is immutable and thread-safe.</para>
/// </remarks>
public sealed class PiiDetector
{
    private readonly PiiTypeSet _types;

    /// <summary>A detector of every <see cref="PiiType"/>.</summary>
    public PiiDetector()
        : this(Enum.GetValues<PiiType>())
    {
    }

    /// <summary>A detector of the given types only.</summary>
    /// <param name="types">The types to report. A disabled type is still recognised, so its characters are not reported as another type, but it is not reported.</param>
    /// <exception cref="ArgumentNullException"><paramref name="types"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not a defined <see cref="PiiType"/>.</exception>
    public PiiDetector(IEnumerable<PiiType> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var list = types.ToList();
        foreach (var type in list)
        {
            if (!Enum.IsDefined(type))
            {
                throw new ArgumentOutOfRangeException(nameof(types), type, $"{type} is not a PII type; use one of {string.Join(", ", Enum.GetNames<PiiType>())}");
            }
        }

        _types = PiiTypeSet.Of(list);
        Types = _types.ToList();
    }

    /// <summary>A shared detector of every type.</summary>
    public static PiiDetector Default { get; } = new();

    /// <summary>The types this detector reports, in enum order.</summary>
    public IReadOnlyList<PiiType> Types { get; }

    /// <summary>Finds the PII in <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The matches, ordered by offset and not overlapping.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public IReadOnlyList<PiiMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text.AsSpan()).Matches;
    }

    /// <summary>Finds the PII in <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The matches, ordered by offset and not overlapping.</returns>
    public IReadOnlyList<PiiMatch> Find(ReadOnlySpan<char> text) => Scan(text).Matches;

    /// <summary>Finds the PII in <paramref name="text"/>, and the identifier-shaped numbers whose check failed.</summary>
    /// <param name="text">The text.</param>
    /// <returns>Matches and near misses, each ordered by offset.</returns>
    public PiiScanResult Scan(ReadOnlySpan<char> text)
    {
        var matches = new List<PiiMatch>();
        var nearMisses = new List<PiiNearMiss>();
        new PiiScanner(text, _types, matches, nearMisses).Run();
        return new PiiScanResult(matches, nearMisses);
    }
}
