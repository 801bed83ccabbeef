using Hunyu.Core.Audit;
using Hunyu.Hosting.Export;

namespace Hunyu.Hosting;

/// <content>Exports of the knowledge base as training and evaluation data.</content>
public sealed partial class KnowledgeBase
{
    /// <summary>
    /// Exports domains as pretraining, SFT or BEIR data (see <see cref="CorpusExporter"/>) as <see cref="AuditCaller.Current"/>;
    /// recorded as an <see cref="AuditActions.Export"/> with the kind, domains, output and counts: data leaving Hunyu is always traceable.
    /// </summary>
    /// <exception cref="Core.Errors.HunyuException">A domain does not exist (<c>not_found</c>), or the request or its output is refused (<c>invalid_argument</c>).</exception>
    public Task<ExportResult> ExportAsync(ExportRequest request, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kind = request.Kind.ToString().ToLowerInvariant();
        return AuditedAsync(
            AuditActions.Export,
            AuditCaller.Current.Principal,
            string.Join(',', request.Domains),
            () => new CorpusExporter(_catalog, _catalog, _indexes).RunAsync(request, progress, cancellationToken),
            result => Detail(("kind", kind), ("domains", request.Domains), ("out", request.Output), ("documents", result.Documents), ("records", result.Records), ("pii_masked", result.PiiMasked)),
            Detail(("kind", kind), ("domains", request.Domains), ("out", request.Output)));
    }
}
