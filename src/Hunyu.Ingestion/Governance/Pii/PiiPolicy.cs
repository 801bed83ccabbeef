namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>What to do with each type of PII: keep it, mask it, drop the chunk, or flag the document.</summary>
/// <remarks>
/// <para><see cref="Default"/> masks what identifies a person for certain (resident, Hong Kong and Taiwan IDs,
/// passports, credit codes, bank cards, mobile and landline numbers, e-mail and IP addresses) and flags the
/// document for names and addresses, which are found with lower confidence and which masking would
/// damage more often than protect.</para>
/// <para>Immutable and thread-safe; <see cref="With"/> and <see cref="WithMinimumConfidence"/> return copies.</para>
/// </remarks>
public sealed class PiiPolicy
{
    private readonly PiiAction[] _actions;

    private PiiPolicy(PiiAction[] actions, double minimumConfidence)
    {
        _actions = actions;
        MinimumConfidence = minimumConfidence;
    }

    /// <summary>Mask the identifiers, phone numbers, e-mail and IP addresses; flag the document for names and addresses.</summary>
    public static PiiPolicy Default { get; } = new(Enum.GetValues<PiiType>().Select(DefaultAction).ToArray(), 0);

    /// <summary>Matches less confident than this are kept whatever their type's action (0 to 1; the default 0 acts on every match).</summary>
    public double MinimumConfidence { get; }

    /// <summary>The action of every type.</summary>
    public IReadOnlyDictionary<PiiType, PiiAction> Actions =>
        Enum.GetValues<PiiType>().ToDictionary(type => type, type => _actions[(int)type]);

    /// <summary>The action for <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public PiiAction ActionFor(PiiType type) => _actions[Index(type)];

    /// <summary>The action for one match: <see cref="PiiAction.Keep"/> below <see cref="MinimumConfidence"/>, else its type's.</summary>
    public PiiAction ActionFor(PiiMatch match) => match.Confidence < MinimumConfidence ? PiiAction.Keep : ActionFor(match.Type);

    /// <summary>A copy of this policy with <paramref name="type"/> handled by <paramref name="action"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> or <paramref name="action"/> is not a defined value.</exception>
    public PiiPolicy With(PiiType type, PiiAction action)
    {
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, $"{action} is not a PII action; use one of {string.Join(", ", Enum.GetNames<PiiAction>())}");
        }

        var actions = (PiiAction[])_actions.Clone();
        actions[Index(type)] = action;
        return new PiiPolicy(actions, MinimumConfidence);
    }

    /// <summary>A copy of this policy that keeps matches less confident than <paramref name="minimum"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimum"/> is outside 0–1.</exception>
    public PiiPolicy WithMinimumConfidence(double minimum)
    {
        if (minimum is < 0 or > 1 || double.IsNaN(minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "the minimum confidence is between 0 and 1");
        }

        return new PiiPolicy(_actions, minimum);
    }

    private static PiiAction DefaultAction(PiiType type) =>
        type is PiiType.PersonName or PiiType.Address ? PiiAction.FlagDocument : PiiAction.Mask;

    private static int Index(PiiType type) => Enum.IsDefined(type)
        ? (int)type
        : throw new ArgumentOutOfRangeException(nameof(type), type, $"{type} is not a PII type");
}
