namespace Hunyu.Ingestion.Governance;

/// <summary>
/// <c>dedup</c>: drops documents whose dedup text equals (exact) or resembles (near, MinHash + LSH) a document kept
/// earlier in the same index — across the whole domain when the domain's sources share one index.
/// </summary>
/// <remarks>
/// <see cref="Prepare"/> (run for many documents at once) hashes the dedup text and, unless the hash is already
/// kept, computes the MinHash signature; a flood of exact copies therefore costs one hash each and no signature.
/// <see cref="IGovernanceStep.Apply"/> asks the index in input order, so the first copy is the one kept.
/// </remarks>
public sealed class DedupStep : IOrderedGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "dedup";

    private readonly IDedupIndex _index;
    private readonly DedupOptions _options;
    private readonly MinHasher? _hasher;
    private readonly KeptDuplicates _keep;

    /// <summary>
    /// Creates the step over <paramref name="index"/>, which must follow the scheme of <paramref name="options"/>;
    /// duplicates of the kinds in <paramref name="keep"/> are reported but kept (and added to the index).
    /// </summary>
    public DedupStep(DedupOptions options, IDedupIndex index, KeptDuplicates keep = KeptDuplicates.None)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(index);
        _options = options;
        _index = index;
        _keep = keep;
        _hasher = options.Near ? new MinHasher(MinHashScheme.Of(options)) : null;
    }

    /// <inheritdoc/>
    public string Name => StepName;

    /// <inheritdoc/>
    public void Prepare(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Fingerprint = DedupText.Fingerprint(document.Title, [.. document.Blocks.Select(block => block.Text)], _hasher, _options.MinNearChars, _index.ContainsExact);
    }

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Fingerprint is null)
        {
            Prepare(document);
        }

        var fingerprint = document.Fingerprint!;
        document.Fingerprint = null;
        if (!_options.Exact && !_options.Near)
        {
            return StepResult.Unchanged;
        }

        // The hash was kept when prepared but no longer is (that item was replaced): the signature is needed after all.
        if (_hasher is not null && fingerprint.Signature.IsEmpty && fingerprint.Length >= _options.MinNearChars && !_index.ContainsExact(fingerprint.Hash))
        {
            fingerprint = DedupText.Fingerprint(document.Title, [.. document.Blocks.Select(block => block.Text)], _hasher, _options.MinNearChars);
        }

        var match = _index.FindOrAdd(document.Id, _options.Exact ? fingerprint : fingerprint with { Hash = UniqueHash(document.Id) }, _keep);
        return match is null ? StepResult.Unchanged : StepResult.Duplicate(match);
    }

    /// <summary>A hash no other item has: with exact matching off, only signatures may match.</summary>
    private static UInt128 UniqueHash(string id) => System.IO.Hashing.XxHash128.HashToUInt128(System.Text.Encoding.UTF8.GetBytes("\u0001unique\u0001" + id));
}
