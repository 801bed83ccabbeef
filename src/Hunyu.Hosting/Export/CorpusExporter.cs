using System.Diagnostics;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Search.Lucene;

namespace Hunyu.Hosting.Export;

/// <summary>
/// Exports domains as training or evaluation data (<see cref="ExportKind"/>). It streams: documents come from the catalog
/// a page at a time and each document's chunks from its domain index, and each document is written before the next is
/// read, so memory stays flat whatever the corpus size. The text is what the index holds (governed, PII-masked at
/// ingest, never re-read from the sources), and it passes a final <see cref="PiiGuard"/> on the way out.
/// </summary>
/// <remarks>
/// An admin operation: every document of the named domains is exported, whatever its ACL. Personal domains are refused
/// unless <see cref="ExportRequest.IncludePersonal"/>. Each domain is read from one searcher, a consistent snapshot of its
/// index; documents ingested into it during the export may be missed, never written twice.
/// </remarks>
public sealed class CorpusExporter(IKnowledgeCatalog knowledge, IDocumentCatalog documents, DomainIndexSet indexes)
{
    /// <summary>Documents read from the catalog at a time.</summary>
    public const int PageSize = 256;

    /// <summary>Runs <paramref name="request"/>; <paramref name="progress"/> hears after every document.</summary>
    /// <exception cref="HunyuException">
    /// A domain does not exist (<c>not_found</c>); no domain, a personal domain without consent, a bad query count, or an
    /// output that exists (without <see cref="ExportRequest.Force"/>) or cannot be written (<c>invalid_argument</c>).
    /// </exception>
    public async Task<ExportResult> RunAsync(ExportRequest request, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var domains = await ResolveDomainsAsync(request, cancellationToken);
        var guard = new PiiGuard();
        using var sink = CreateSink(request, guard);
        var stopwatch = Stopwatch.StartNew();
        var count = 0;
        foreach (var domain in domains)
        {
            using var lease = indexes.GetExisting(domain)?.Acquire();
            for (var offset = 0; ; offset += PageSize)
            {
                var page = await documents.ListAsync(domain, offset, PageSize, cancellationToken);
                foreach (var document in page.Documents)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunks = lease is null ? [] : StoredChunks.Read(lease.Searcher, document.Id);
                    await sink.WriteAsync(ExportedDocument.Create(document, chunks, guard), cancellationToken);
                    count++;
                    progress?.Report(new ExportProgress(count, sink.Bytes, stopwatch.Elapsed));
                }

                if (page.Documents.Count < PageSize)
                {
                    break;
                }
            }
        }

        var result = sink.Commit(new ExportResult(request.Kind, count, 0, 0, 0, 0, request.Output));
        return result with { PiiMasked = guard.Masked, Seconds = stopwatch.Elapsed.TotalSeconds };
    }

    private async Task<IReadOnlyList<string>> ResolveDomainsAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        if (request.Domains.Count == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "export: name at least one domain (--domain D)");
        }

        if (request.Kind == ExportKind.Beir && request.Queries <= 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"--queries {request.Queries}: give a positive number of queries");
        }

        var known = (await knowledge.ListDomainsAsync(cancellationToken)).ToDictionary(d => d.Domain.Name, d => d.Domain, StringComparer.Ordinal);
        var names = request.Domains.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (!known.TryGetValue(name, out var domain))
            {
                throw new HunyuException(ErrorCode.NotFound, $"domain '{name}' does not exist; 'hunyu domains' lists them");
            }

            // SECURITY: a personal domain is someone's notes; exporting it into training data needs an explicit yes.
            if (domain.Kind == DomainKind.Personal && !request.IncludePersonal)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{name}' is personal (owner {domain.Owner}); give --include-personal to export it");
            }
        }

        return names;
    }

    private static IExportSink CreateSink(ExportRequest request, PiiGuard guard) => request.Kind switch
    {
        ExportKind.Pretrain => new PretrainSink(OutputFile.Create(request.Output, request.Force)),
        ExportKind.Sft => new SftSink(OutputFile.Create(request.Output, request.Force), request.Generator, guard),
        ExportKind.Beir => BeirSink.Create(request.Output, request.Force, new QuerySampler(request.Queries, request.Seed)),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, "unknown export kind"),
    };
}
