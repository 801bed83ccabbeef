using Hunyu.Hosting.Export;

namespace Hunyu.Hosting;

/// <content>Exports of the knowledge base as training and evaluation data.</content>
public sealed partial class KnowledgeBase
{
    /// <summary>Exports domains as pretraining, SFT or BEIR data; see <see cref="CorpusExporter"/>.</summary>
    /// <exception cref="Core.Errors.HunyuException">A domain does not exist (<c>not_found</c>), or the request or its output is refused (<c>invalid_argument</c>).</exception>
    public Task<ExportResult> ExportAsync(ExportRequest request, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new CorpusExporter(_catalog, _catalog, _indexes).RunAsync(request, progress, cancellationToken);
}
