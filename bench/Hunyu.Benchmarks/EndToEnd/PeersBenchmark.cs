using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using Hunyu.Search.Evaluation;
using Hunyu.Search.Lucene;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// <c>peers</c>: retrieval quality (nDCG@10, Recall@10/100) and single-threaded queries/s on stard-train,
/// Hunyu versus SQLite FTS5 over the same jieba tokens (<see cref="Fts5Index"/>).
/// </summary>
internal static class PeersBenchmark
{
    private const int Depth = 100;
    private const int SpeedLimit = 10;
    private const int SpeedRounds = 3;
    private const int WarmUpArticles = 500;

    private const string Hunyu = "hunyu";
    private const string Fts5Words = "sqlite-fts5 (jieba words)";
    private const string Fts5Both = "sqlite-fts5 (jieba words + bigrams)";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var dataset = BeirDataset.Load(options.StardDirectory);
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-peers-{Environment.ProcessId}"));
        try
        {
            // Warm-up (JIT, jieba's dictionary, SQLite) on a slice, so neither build pays it.
            var slice = Path.Combine(work.FullName, "warmup.jsonl");
            File.WriteAllLines(slice, File.ReadLines(dataset.CorpusPath).Take(WarmUpArticles));
            using (var warm = KnowledgeBase.Open(Path.Combine(work.FullName, "warmup")))
            {
                await warm.IngestAsync(new IngestionRequest { Path = slice, Domain = "warmup" });
            }

            Fts5Index.Build(Path.Combine(work.FullName, "warmup.db"), CorpusFile.ReadArticles(slice).Select(Segment));

            var timer = Stopwatch.StartNew();
            using var knowledge = KnowledgeBase.Open(Path.Combine(work.FullName, "hunyu"));
            var ingested = await knowledge.IngestAsync(new IngestionRequest { Path = dataset.CorpusPath, Domain = "stard" });
            var hunyuBuild = timer.Elapsed.TotalSeconds;

            timer.Restart();
            var rows = CorpusFile.ReadArticles(dataset.CorpusPath).Select(Segment).ToList();
            var segmentation = timer.Elapsed.TotalSeconds;
            timer.Restart();
            var database = Path.Combine(work.FullName, "fts5.db");
            Fts5Index.Build(database, rows);
            var fts5Build = timer.Elapsed.TotalSeconds;
            Console.WriteLine($"peers: hunyu ingest {hunyuBuild:0.0} s; fts5 segmentation {segmentation:0.0} s + insert/optimise {fts5Build:0.0} s");

            using var words = Fts5Index.OpenForSearch(database, withBigrams: false);
            using var both = Fts5Index.OpenForSearch(database, withBigrams: true);
            var recordPrefix = Path.GetFileName(dataset.CorpusPath) + "#";
            var searchers = new List<(string Name, Func<string, int, List<string>> Search)>
            {
                (Hunyu, (q, k) => Block(knowledge.SearchAsync(new SearchRequest { Query = q, Principal = Principal.LocalAdmin, Limit = k, Highlight = false })).Hits
                    .Select(h => h.DocumentKey.StartsWith(recordPrefix, StringComparison.Ordinal) ? h.DocumentKey[recordPrefix.Length..] : h.DocumentKey)
                    .Distinct(StringComparer.Ordinal).ToList()),
                (Fts5Words, (q, k) => words.Search(Match(words, q), k)),
                (Fts5Both, (q, k) => both.Search(Match(both, q), k)),
            };

            var quality = searchers.Select(s => Score(s.Name, s.Search, dataset)).ToList();
            foreach (var q in quality)
            {
                Console.WriteLine($"  {q.System,-36} nDCG@10 {q.Ndcg10:0.0000}  R@10 {q.Recall10:0.0000}  R@100 {q.Recall100:0.0000}");
            }

            var speed = new Dictionary<string, List<double>>();
            for (var round = 0; round <= SpeedRounds; round++)
            {
                foreach (var (name, search) in searchers)
                {
                    var clock = Stopwatch.StartNew();
                    foreach (var query in dataset.Queries)
                    {
                        search(query.Text, SpeedLimit);
                    }

                    // Round 0 is the warm-up.
                    if (round > 0)
                    {
                        (speed.TryGetValue(name, out var list) ? list : speed[name] = []).Add(dataset.Queries.Count / clock.Elapsed.TotalSeconds);
                    }
                }
            }

            var build = new Dictionary<string, double> { [Hunyu] = hunyuBuild, [Fts5Words] = segmentation + fts5Build, [Fts5Both] = segmentation + fts5Build };
            var systems = quality.Select(q => q with
            {
                QueriesPerSecond = Math.Round(Stats.Median(speed[q.System]), 0),
                RatioToHunyu = Math.Round(Stats.Median(speed[q.System].Zip(speed[Hunyu], (a, b) => a / b)), 2),
                BuildSeconds = Math.Round(build[q.System], 1),
            }).ToList();
            var report = new PeersReport(machine, dataset.Name, ingested.Documents, dataset.Queries.Count, systems, Math.Round(segmentation, 1), Math.Round(fts5Build, 1), Math.Round(started.Elapsed.TotalSeconds, 1));
            Write(options.OutputDirectory, "peers", ToMarkdown(report), report);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static (string Id, string Text, string Words, string Bigrams) Segment(Article article)
    {
        var context = TextNormalizer.Normalize($"{article.Title}\n{article.Text}");
        return (article.Id, article.Text, Fts5Index.Tokens(IndexFields.Words, context), Fts5Index.Tokens(IndexFields.Bigrams, context));
    }

    private static T Block<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static string? Match(Fts5Index index, string question)
    {
        var normalized = TextNormalizer.Normalize(question);
        return index.MatchExpression(QueryTerms.ContentWords(normalized), QueryTerms.Bigrams(normalized));
    }

    private static SystemResult Score(string name, Func<string, int, List<string>> search, BeirDataset dataset)
    {
        double ndcg = 0, recall10 = 0, recall100 = 0;
        foreach (var query in dataset.Queries)
        {
            var ranked = search(query.Text, Depth);
            var relevant = dataset.Qrels[query.Id];
            ndcg += RetrievalMetrics.NdcgAt(10, ranked, relevant);
            recall10 += RetrievalMetrics.RecallAt(10, ranked, relevant);
            recall100 += RetrievalMetrics.RecallAt(Depth, ranked, relevant);
        }

        var n = Math.Max(1, dataset.Queries.Count);
        return new SystemResult(name, Math.Round(ndcg / n, 4), Math.Round(recall10 / n, 4), Math.Round(recall100 / n, 4), 0, 0, 0);
    }

    private static string ToMarkdown(PeersReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Peers: Hunyu vs SQLite FTS5 ({r.Dataset})").AppendLine();
        md.AppendLine(r.Machine.ToMarkdown()).AppendLine();
        md.AppendLine("## Method").AppendLine();
        md.AppendLine($"- Corpus: `{r.Dataset}/corpus.jsonl` ({r.Documents:N0} articles); {r.Queries:N0} judged queries (`qrels.tsv`). Metrics as in `BeirEvaluator` (`RetrievalMetrics`), depth {Depth}; Hunyu's passages are folded to documents (best passage's rank).");
        md.AppendLine("- **hunyu**: `KnowledgeBase` ingest, `SearchAsync` (LocalAdmin, highlight off).");
        md.AppendLine("- **sqlite-fts5**: each article's normalised title+text pre-segmented by Hunyu's own index analyzer (`ChunkAnalyzers.Index`: jieba search-mode words; CJK bigrams), space-joined into FTS5 columns with the `unicode61` tokenizer; one transaction, then `optimize`. Query: Hunyu's query terms (`QueryTerms.ContentWords`, `QueryTerms.Bigrams`) as a quoted OR, ranked by FTS5's `bm25()` (word column weight 1, bigram column weight " + F(SearchTuning.BigramWeight) + " or 0). FTS5's BM25 uses its fixed k1 = 1.2, b = 0.75 and ranks across columns differently from Lucene's per-field sum, so quality differs for that reason too.");
        md.AppendLine($"- Speed: top {SpeedLimit} with the text of each hit read, single-threaded; one warm-up pass, then {SpeedRounds} interleaved rounds; medians; the ratio is the median per-round ratio to hunyu. Shared 2-core machine: compare ratios.");
        md.AppendLine($"- Build time (after a warm-up of both on {WarmUpArticles} articles): hunyu = whole ingest (parse, chunk, Lucene, catalog, compaction); FTS5 = JSON parse and jieba segmentation in .NET ({F(r.SegmentationSeconds)} s) + SQLite insert and optimise ({F(r.Fts5InsertSeconds)} s).").AppendLine();
        md.AppendLine("| system | nDCG@10 | Recall@10 | Recall@100 | queries/s (top 10) | q/s ratio to hunyu | build s |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in r.Systems)
        {
            md.AppendLine($"| {s.System} | {s.Ndcg10:0.0000} | {s.Recall10:0.0000} | {s.Recall100:0.0000} | {F(s.QueriesPerSecond)} | {F(s.RatioToHunyu)} | {F(s.BuildSeconds)} |");
        }

        md.AppendLine().AppendLine($"Whole `peers` sub-command: {r.WallSeconds:0} s. Reproduce: `bench/run-e2e.sh peers`.");
        return md.ToString();
    }
}

internal sealed record SystemResult(string System, double Ndcg10, double Recall10, double Recall100, double QueriesPerSecond, double RatioToHunyu, double BuildSeconds);

internal sealed record PeersReport(MachineInfo Machine, string Dataset, int Documents, int Queries, List<SystemResult> Systems, double SegmentationSeconds, double Fts5InsertSeconds, double WallSeconds);
