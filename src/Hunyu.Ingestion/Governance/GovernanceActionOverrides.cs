using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Governance;

/// <summary>The actions one ingest sets for itself (<see cref="Jobs.IngestionRequest.Governance"/>); a null keeps the action configured for the domain.</summary>
/// <param name="Screen">For binary, mis-decoded and oversized documents.</param>
/// <param name="Quality">For quality findings.</param>
/// <param name="ExactDuplicate">For exact duplicates.</param>
/// <param name="NearDuplicate">For near duplicates.</param>
public sealed record GovernanceActionOverrides(FindingAction? Screen = null, FindingAction? Quality = null, FindingAction? ExactDuplicate = null, FindingAction? NearDuplicate = null)
{
    /// <summary>
    /// For a document a user hands over one at a time (an upload, a note): an exact duplicate is kept and reported
    /// rather than dropped, since dropping it would make the user's own document vanish (an upload is removed again
    /// when nothing of it was indexed, and a note is not read again unless edited).
    /// </summary>
    public static GovernanceActionOverrides HandedOver { get; } = new(ExactDuplicate: FindingAction.Report);

    /// <summary><paramref name="actions"/> with these overrides applied.</summary>
    public GovernanceActions ApplyTo(GovernanceActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return actions with
        {
            Screen = Screen ?? actions.Screen,
            Quality = Quality ?? actions.Quality,
            ExactDuplicate = ExactDuplicate ?? actions.ExactDuplicate,
            NearDuplicate = NearDuplicate ?? actions.NearDuplicate,
        };
    }

    /// <summary>
    /// Parses <c>KIND=ACTION</c> values (<c>--governance</c> of <c>hunyu ingest</c> and <c>hunyu sources add</c>, and a
    /// stored source's <c>governance</c>): KIND <c>screen</c>, <c>quality</c>, <c>exact</c> or <c>near</c>, ACTION
    /// <c>drop</c> or <c>report</c>; a later value for a kind wins. Null when there are none.
    /// </summary>
    /// <exception cref="HunyuException">A value is not KIND=ACTION (<c>invalid_argument</c>).</exception>
    public static GovernanceActionOverrides? Parse(IEnumerable<string>? values)
    {
        var overrides = (GovernanceActionOverrides?)null;
        foreach (var value in values ?? [])
        {
            var parts = (value ?? string.Empty).Split('=', 2, StringSplitOptions.TrimEntries);
            FindingAction? action = parts.Length == 2 ? parts[1].ToLowerInvariant() switch
            {
                "drop" => FindingAction.Drop,
                "report" => FindingAction.Report,
                _ => null,
            } : null;
            overrides ??= new GovernanceActionOverrides();
            overrides = (parts[0].ToLowerInvariant(), action) switch
            {
                ("screen", { } a) => overrides with { Screen = a },
                ("quality", { } a) => overrides with { Quality = a },
                ("exact", { } a) => overrides with { ExactDuplicate = a },
                ("near", { } a) => overrides with { NearDuplicate = a },
                _ => throw new HunyuException(ErrorCode.InvalidArgument, $"--governance '{value}': use KIND=ACTION with KIND screen, quality, exact or near and ACTION drop or report"),
            };
        }

        return overrides;
    }

    /// <summary>The overrides as <c>KIND=ACTION</c> values, in the form <see cref="Parse"/> reads (how a source definition stores them).</summary>
    public IReadOnlyList<string> ToValues() =>
    [
        .. new (string Kind, FindingAction? Action)[] { ("screen", Screen), ("quality", Quality), ("exact", ExactDuplicate), ("near", NearDuplicate) }
            .Where(pair => pair.Action is not null)
            .Select(pair => $"{pair.Kind}={(pair.Action == FindingAction.Drop ? "drop" : "report")}"),
    ];
}
