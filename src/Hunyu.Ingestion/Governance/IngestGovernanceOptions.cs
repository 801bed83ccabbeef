namespace Hunyu.Ingestion.Governance;

/// <summary>
/// How ingests govern documents (configuration section <c>Hunyu:Governance</c>, per domain
/// <c>Hunyu:Governance:Domains:{domain}</c>): the profile every domain starts from, the domains that differ, and the
/// extra steps (e.g. PII detection) to run.
/// </summary>
/// <remarks>Immutable; a request may still override the actions of one ingest (<see cref="Jobs.IngestionRequest.Governance"/>).</remarks>
public sealed record IngestGovernanceOptions
{
    /// <summary>The configuration section of <see cref="Default"/>.</summary>
    public const string Section = GovernanceOptions.Section;

    /// <summary>The configuration section holding one sub-section per domain that differs from <see cref="Default"/>.</summary>
    public const string DomainsSection = Section + ":Domains";

    /// <summary>The options of every domain not in <see cref="Domains"/>.</summary>
    /// <value>The default is <see cref="GovernanceOptions.ForIngest"/>: screen, normalise, remove boilerplate, drop broken input and exact duplicates, report near duplicates and quality findings.</value>
    public GovernanceOptions Default { get; init; } = GovernanceOptions.ForIngest();

    /// <summary>The options of the domains that differ from <see cref="Default"/>, by domain name (e.g. statutes that drop near duplicates at 0.9).</summary>
    public IReadOnlyDictionary<string, GovernanceOptions> Domains { get; init; } = new Dictionary<string, GovernanceOptions>(StringComparer.Ordinal);

    /// <summary>
    /// Makes the extra steps of one run (called once per run with the domain and its options): they run after
    /// <c>quality</c> and before <c>dedup</c>, and their names and the options count towards the content hash, so a new
    /// step governs every document again. Null runs none; the default runs PII detection and masking
    /// (<see cref="Pii.PiiStep.Default"/>), so personal data is masked before anything is indexed.
    /// </summary>
    public Func<string, GovernanceOptions, IEnumerable<IGovernanceStep>>? ExtraSteps { get; init; } = (_, _) => [Pii.PiiStep.Default];

    /// <summary>The options of <paramref name="domain"/>.</summary>
    public GovernanceOptions For(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return Domains.TryGetValue(domain, out var options) ? options : Default;
    }

    /// <summary>Checks the default and every domain's options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Default, Section);
        ArgumentNullException.ThrowIfNull(Domains, DomainsSection);
        Default.Validate();
        foreach (var (domain, options) in Domains)
        {
            ArgumentNullException.ThrowIfNull(options, $"{DomainsSection}:{domain}");
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                // The message names the default section; say which domain it was.
                throw new ArgumentOutOfRangeException($"{DomainsSection}:{domain}", e.ActualValue, $"{DomainsSection}:{domain}: {e.Message.Split(Environment.NewLine)[0]}");
            }
        }
    }
}
