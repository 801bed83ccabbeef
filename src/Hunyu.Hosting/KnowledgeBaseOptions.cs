using Hunyu.Core.Answers;
using Hunyu.Core.Audit;
using Hunyu.Core.Search;
using Hunyu.Hosting.Safety;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Governance;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Learning;
using Hunyu.Search.Routing;

namespace Hunyu.Hosting;

/// <summary>How a <see cref="KnowledgeBase"/> cuts, expands and embeds; the defaults need no model.</summary>
public sealed record KnowledgeBaseOptions
{
    /// <summary>How documents are cut into chunks.</summary>
    public ChunkingOptions Chunking { get; init; } = new();

    /// <summary>Adds learned terms to every search (see <c>hunyu learn</c>); none by default.</summary>
    public IQueryExpander? Expander { get; init; }

    /// <summary>
    /// Embeds chunks at ingest and questions at search time (hybrid search); null keeps search lexical. The knowledge
    /// base takes ownership of the generator and disposes it.
    /// </summary>
    public EmbeddingModel? Embeddings { get; init; }

    /// <summary>Internet domains answered live by a web search engine, by domain name; the knowledge base disposes them.</summary>
    public IReadOnlyDictionary<string, IWebSearchProvider> WebSearch { get; init; } = new Dictionary<string, IWebSearchProvider>();

    /// <summary>Reorders the best fused hits of every search; null keeps the fused order. The knowledge base disposes it.</summary>
    public IReranker? Reranker { get; init; }

    /// <summary>Composes answers from the evidence; null uses the extractive answerer (no model). The knowledge base disposes it.</summary>
    public IAnswerer? Answerer { get; init; }

    /// <summary>Narrows the domains a question is sent to when the request names none; null sends it to all.</summary>
    public KeywordRouter? Router { get; init; }

    /// <summary>
    /// Where searches, answers, ingests and deletes are recorded; null records them in the data directory's catalog
    /// (<c>hunyu.db</c>, table <c>audit_log</c>), <see cref="NullAuditLog.Instance"/> records nothing. The knowledge base disposes it.
    /// </summary>
    public IAuditLog? Audit { get; init; }

    /// <summary>What every ingest's governance does, per domain (<c>Hunyu:Governance</c>); the default is the ingest profile of <see cref="GovernanceOptions.ForIngest"/>.</summary>
    public IngestGovernanceOptions Governance { get; init; } = new();

    /// <summary>Named knowledge configurations (<c>Hunyu:Chat:Models</c>), offered as models by the OpenAI-compatible endpoint.</summary>
    public IReadOnlyList<KnowledgeScenario> Scenarios { get; init; } = [];

    /// <summary>Whether every domain is also offered as a scenario of its own (<c>hunyu:DOMAIN</c>); on by default (<c>Hunyu:Chat:DomainModels</c>).</summary>
    public bool DomainScenarios { get; init; } = true;

    /// <summary>Safety at answer time (<c>Hunyu:Security</c>): PII masked for principals without clearance, retrieved passages screened for prompt injection.</summary>
    public AnswerSafetyOptions Safety { get; init; } = new();
}
