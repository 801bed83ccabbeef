using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using Hunyu.Search.Lucene;
using Hunyu.Text.Normalization;
using Lucene.Net.Search;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// <c>query</c>: the stard-train queries on one Hunyu-built statutes index, single-threaded, through
/// <see cref="KnowledgeBase.SearchAsync"/> and through a plain <see cref="PlainLuceneSearcher"/> over the
/// same index directory; plus contenders that attribute Hunyu's extra cost.
/// </summary>
internal static class QueryBenchmark
{
    private const string Domain = "statutes";
    private const int Limit = 10;
    private const int WarmUpPasses = 2;
    private static readonly string[] SingleDomain = [Domain];

    private const string Plain = "plain-lucene";
    private const string Hunyu = "hunyu (highlight off)";
    private const string HunyuHighlight = "hunyu (highlight on)";
    private const string HunyuUser = "hunyu (non-admin user, highlight off)";
    private const string PlainTaskRun = "plain-lucene inside Task.Run";
    private const string PlainAcl = "plain-lucene + ACL filter as Hunyu builds it";
    private const string PlainCachedAcl = "plain-lucene + cached ACL bit set, query first (candidate)";
    private const string Staged = "same-thread replica of hunyu (highlight on)";
    private const string StagedCandidate = "same-thread replica, scan highlighter (candidate)";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var queries = CorpusFile.ReadQueries(Path.Combine(options.StardDirectory, "queries.jsonl")).Select(q => q.Text).ToList();
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-query-{Environment.ProcessId}"));
        try
        {
            var data = Path.Combine(work.FullName, "hunyu");
            using var knowledge = KnowledgeBase.Open(data);
            var ingest = Stopwatch.StartNew();
            var ingested = await knowledge.IngestAsync(new IngestionRequest { Path = options.StatutesCorpus, Domain = Domain });
            Console.WriteLine($"query: indexed {ingested.Documents:N0} documents ({ingested.Report.Chunks:N0} chunks) in {ingest.Elapsed.TotalSeconds:0.0} s; {queries.Count:N0} queries");

            var indexRoot = Path.Combine(data, "indexes");
            using var plain = new PlainLuceneSearcher(Path.Combine(indexRoot, Domain));
            using var listing = new DomainIndexSet(indexRoot);
            var staged = new StagedSearcher(plain.Searcher, listing, scanHighlighter: false);
            var candidate = new StagedSearcher(plain.Searcher, listing, scanHighlighter: true);
            var replicas = new Dictionary<string, StagedSearcher> { [Staged] = staged, [StagedCandidate] = candidate };
            var user = new Principal("alice", ["staff"]);
            // The candidate: one filter per principal, cached per segment as a bit set, applied after the
            // query's own (bulk) scorer instead of leap-frogging with it.
            var cachedAcl = new BitSetCachingFilter(AccessFilter.Build(Request("x", user, highlight: false))!);

            var contenders = new List<Contender>
            {
                new(Plain, q => plain.Search(q, Limit).Count),
                new(Hunyu, q => Block(knowledge.SearchAsync(Request(q, Principal.LocalAdmin, highlight: false))).Hits.Count),
                new(HunyuHighlight, q => Block(knowledge.SearchAsync(Request(q, Principal.LocalAdmin, highlight: true))).Hits.Count),
                new(HunyuUser, q => Block(knowledge.SearchAsync(Request(q, user, highlight: false))).Hits.Count),
                new(PlainAcl, q => plain.Search(q, Limit, AccessFilter.Build(Request(q, user, highlight: false))).Count),
                new(PlainCachedAcl, q => plain.Search(q, Limit, cachedAcl, FilteredQuery.QUERY_FIRST_FILTER_STRATEGY).Count),
                new(PlainTaskRun, q => Block(Task.WhenAll(SingleDomain.Select(_ => Task.Run(() => plain.Search(q, Limit).Count))))[0]),
                new(Staged, q => staged.Search(Request(q, Principal.LocalAdmin, highlight: true))),
                new(StagedCandidate, q => candidate.Search(Request(q, Principal.LocalAdmin, highlight: true))),
            };

            var agreement = CheckAgreement(knowledge, plain, queries);
            Console.WriteLine($"  top-10 agreement hunyu vs plain: {agreement.SameOrder}/{queries.Count} same order, {agreement.SameSet}/{queries.Count} same set");
            var aclSame = queries.Count(q => plain.Search(q, Limit, AccessFilter.Build(Request(q, user, highlight: false))).SequenceEqual(plain.Search(q, Limit, cachedAcl, FilteredQuery.QUERY_FIRST_FILTER_STRATEGY)));
            Console.WriteLine($"  cached ACL filter: same top 10 as the per-query filter for {aclSame}/{queries.Count} queries");
            var anatomy = Anatomy(plain, queries);
            Console.WriteLine($"  query anatomy: {anatomy}");
            var snippets = CompareHighlighters(plain, queries);
            Console.WriteLine($"  scan highlighter: {snippets:P2} of snippets identical");

            for (var pass = 0; pass < WarmUpPasses; pass++)
            {
                foreach (var contender in contenders)
                {
                    Pass(contender, queries, 0);
                }
            }

            var passes = new List<PassResult>();
            var stages = replicas.Keys.ToDictionary(name => name, _ => new List<List<StageResult>>());
            for (var round = 1; round <= options.Rounds; round++)
            {
                // Rotate the order so no contender always runs right after the same neighbour.
                var shift = (round - 1) % contenders.Count;
                foreach (var contender in contenders.Skip(shift).Concat(contenders.Take(shift)))
                {
                    if (replicas.TryGetValue(contender.Name, out var replica))
                    {
                        replica.Reset();
                    }

                    var result = Pass(contender, queries, round);
                    passes.Add(result);
                    Console.WriteLine($"  round {round} {contender.Name,-45} {result.QueriesPerSecond,8:0} q/s  p50 {result.P50Ms,6:0.000} ms  p99 {result.P99Ms,6:0.000} ms  {result.AllThreadBytesPerQuery / 1024,7:0.0} KB/q");
                    if (replica is not null)
                    {
                        stages[contender.Name].Add(replica.PerQuery().ToList());
                    }
                }
            }

            var summary = Summarise(passes);
            var stageSummary = stages.ToDictionary(p => p.Key, p => StagedSearcher.StageNames.Select((name, i) => new StageResult(
                name,
                Math.Round(Stats.Median(p.Value.Select(r => r[i].MedianMicroseconds)), 1),
                Math.Round(Stats.Median(p.Value.Select(r => r[i].MeanMicroseconds)), 1),
                Math.Round(Stats.Median(p.Value.Select(r => r[i].Bytes)), 0))).ToList());
            var report = new QueryReport(
                machine,
                options.StatutesCorpusForReport,
                ingested.Documents,
                queries.Count,
                options.Rounds,
                agreement,
                aclSame,
                anatomy,
                Math.Round(snippets, 4),
                summary,
                stageSummary,
                passes,
                MachineInfo.ReadLoadAverage(),
                Math.Round(started.Elapsed.TotalSeconds, 1));
            Write(options.OutputDirectory, "query", ToMarkdown(report), report);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static SearchRequest Request(string text, Principal principal, bool highlight) =>
        new() { Query = text, Principal = principal, Limit = Limit, Highlight = highlight, Domains = [] };

    /// <summary>Waits on this thread, so the per-thread allocation counter stays on one thread.</summary>
    private static T Block<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static PassResult Pass(Contender contender, List<string> queries, int round)
    {
        var latencies = new double[queries.Count];
        long threadBytes = 0;
        long allBytes = 0;
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var hits = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            // The precise process-wide counter suspends the runtime; it is read outside the timed span.
            var all0 = GC.GetTotalAllocatedBytes(precise: true);
            var thread0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            hits += contender.Run(queries[i]);
            var t1 = Stopwatch.GetTimestamp();
            var thread1 = GC.GetAllocatedBytesForCurrentThread();
            var all1 = GC.GetTotalAllocatedBytes(precise: true);
            latencies[i] = (t1 - t0) * 1000.0 / Stopwatch.Frequency;
            threadBytes += thread1 - thread0;
            allBytes += all1 - all0;
        }

        var total = latencies.Sum();
        return new PassResult(
            contender.Name,
            round,
            Math.Round(queries.Count / (total / 1000), 1),
            Math.Round(Stats.Percentile(latencies, 50), 4),
            Math.Round(Stats.Percentile(latencies, 99), 4),
            Math.Round((double)threadBytes / queries.Count, 0),
            Math.Round((double)allBytes / queries.Count, 0),
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(1) - gen1,
            GC.CollectionCount(2) - gen2,
            hits);
    }

    private static Agreement CheckAgreement(KnowledgeBase knowledge, PlainLuceneSearcher plain, List<string> queries)
    {
        int sameOrder = 0, sameSet = 0, sameScores = 0;
        foreach (var query in queries)
        {
            var hits = Block(knowledge.SearchAsync(Request(query, Principal.LocalAdmin, highlight: false))).Hits;
            var hunyu = hits.Select(h => h.CitationId).ToList();
            var baseline = plain.SearchScored(query, Limit);
            sameOrder += hunyu.SequenceEqual(baseline.Select(b => b.Id)) ? 1 : 0;
            sameSet += hunyu.ToHashSet().SetEquals(baseline.Select(b => b.Id)) ? 1 : 0;
            sameScores += hits.Select(h => (float)h.Score).SequenceEqual(baseline.Select(b => b.Score)) ? 1 : 0;
        }

        return new Agreement(sameOrder, sameSet, sameScores);
    }

    /// <summary>What a ranking query is made of, and what Lucene allocates for it (this thread, plain searcher).</summary>
    private static QueryAnatomy Anatomy(PlainLuceneSearcher plain, List<string> queries)
    {
        double words = 0, bigrams = 0, titles = 0, weightBytes = 0, searchBytes = 0, storedBytes = 0;
        var built = 0;
        foreach (var text in queries)
        {
            if (ChunkQueryBuilder.Build(TextNormalizer.Normalize(text)) is not BooleanQuery query)
            {
                continue;
            }

            built++;
            words += query.Clauses.Count(c => ((TermQuery)c.Query).Term.Field == IndexFields.Words);
            bigrams += query.Clauses.Count(c => ((TermQuery)c.Query).Term.Field == IndexFields.Bigrams);
            titles += query.Clauses.Count(c => ((TermQuery)c.Query).Term.Field == IndexFields.TitleWords);
            var a0 = GC.GetAllocatedBytesForCurrentThread();
            plain.Searcher.CreateNormalizedWeight(query);
            var a1 = GC.GetAllocatedBytesForCurrentThread();
            var top = plain.Searcher.Search(query, Limit);
            var a2 = GC.GetAllocatedBytesForCurrentThread();
            foreach (var scored in top.ScoreDocs)
            {
                plain.Searcher.Doc(scored.Doc);
            }

            var a3 = GC.GetAllocatedBytesForCurrentThread();
            weightBytes += a1 - a0;
            searchBytes += a2 - a1;
            storedBytes += a3 - a2;
        }

        var n = Math.Max(1, built);
        return new QueryAnatomy(
            Math.Round(words / n, 1),
            Math.Round(bigrams / n, 1),
            Math.Round(titles / n, 1),
            Math.Round(weightBytes / n, 0),
            Math.Round(searchBytes / n, 0),
            Math.Round(storedBytes / n, 0));
    }

    /// <summary>Share of hits whose candidate snippet equals the current one.</summary>
    private static double CompareHighlighters(PlainLuceneSearcher plain, List<string> queries)
    {
        int same = 0, total = 0;
        foreach (var text in queries)
        {
            var query = ChunkQueryBuilder.Build(TextNormalizer.Normalize(text));
            if (query is null)
            {
                continue;
            }

            var texts = plain.Searcher.Search(query, Limit).ScoreDocs.Select(d => plain.Searcher.Doc(d.Doc).Get(IndexFields.Text)).ToList();
            var terms = ScanHighlighter.Terms(query);
            same += texts.Count(t => StagedSearcher.Highlight(query, t) == ScanHighlighter.Highlight(t, terms));
            total += texts.Count;
        }

        return total == 0 ? double.NaN : (double)same / total;
    }

    private static List<ContenderSummary> Summarise(List<PassResult> passes)
    {
        var plainByRound = passes.Where(p => p.Contender == Plain).ToDictionary(p => p.Round);
        return passes.GroupBy(p => p.Contender).Select(g => new ContenderSummary(
            g.Key,
            Math.Round(Stats.Median(g.Select(p => p.QueriesPerSecond)), 0),
            Math.Round(Stats.Median(g.Select(p => p.P50Ms)), 3),
            Math.Round(Stats.Median(g.Select(p => p.P99Ms)), 3),
            Math.Round(Stats.Median(g.Select(p => p.ThreadBytesPerQuery)), 0),
            Math.Round(Stats.Median(g.Select(p => p.AllThreadBytesPerQuery)), 0),
            Stats.Median(g.Select(p => (double)p.Gen0)),
            Stats.Median(g.Select(p => (double)p.Gen1)),
            Stats.Median(g.Select(p => (double)p.Gen2)),
            Math.Round(Stats.Median(g.Select(p => p.QueriesPerSecond / plainByRound[p.Round].QueriesPerSecond)), 3),
            Math.Round(Stats.Median(g.Select(p => plainByRound[p.Round].P50Ms / p.P50Ms)), 3))).ToList();
    }

    private static string ToMarkdown(QueryReport r)
    {
        var s = r.Summary.ToDictionary(c => c.Contender);
        var md = new StringBuilder();
        md.AppendLine("# Query: Hunyu vs plain Lucene.NET (stard-train on statutes-zh)").AppendLine();
        md.AppendLine($"**Hunyu / plain Lucene queries/s: {F(s[Hunyu].RatioToPlain)} with highlighting off, {F(s[HunyuHighlight].RatioToPlain)} with highlighting on** (goal ≥ 0.8; median of {r.Rounds} per-round ratios). " +
            $"Measured on the typical query instead (plain p50 ÷ Hunyu p50, less sensitive to the preemptions of a shared machine): {F(s[Hunyu].P50RatioToPlain)} off, {F(s[HunyuHighlight].P50RatioToPlain)} on.").AppendLine();
        md.AppendLine(r.Machine.ToMarkdown()).AppendLine();
        md.AppendLine("## Method").AppendLine();
        md.AppendLine($"- Index: the statutes corpus ({r.Documents:N0} articles) ingested once by `KnowledgeBase.IngestAsync` (so compacted to one segment). Queries: all {r.Queries:N0} lines of `stard-train/queries.jsonl`, single-threaded, top {Limit}.");
        md.AppendLine($"- **{Plain}**: an `IndexSearcher` (`BM25Similarity(SearchTuning.K1, SearchTuning.B)`) over a `DirectoryReader` of the same index directory, query `ChunkQueryBuilder.Build(TextNormalizer.Normalize(text))`, `Search(query, 10)`, `searcher.Doc(...)` for each of the 10 hits.");
        md.AppendLine($"- **{Hunyu}** / **{HunyuHighlight}**: `KnowledgeBase.SearchAsync(new SearchRequest {{ Query, Principal = LocalAdmin, Limit = 10, Highlight }})`, waited on with `GetAwaiter().GetResult()` so the calling thread stays the same.");
        md.AppendLine($"- Attribution contenders: **{HunyuUser}** (`Principal(\"alice\", [\"staff\"])`, so the ACL filter is applied), **{PlainAcl}** (the plain search with `AccessFilter.Build` for that user, built per query as Hunyu does), **{PlainCachedAcl}** (the same filter built once per principal and cached per segment as a `FixedBitSet`, applied with `FilteredQuery.QUERY_FIRST_FILTER_STRATEGY` so Lucene keeps its bulk `BooleanScorer` and checks the bits per hit), **{PlainTaskRun}** (the plain search wrapped as Hunyu wraps each domain: `Task.WhenAll(domains.Select(d => Task.Run(...)))`), and **{Staged}** (a copy of `LuceneKnowledgeSearcher`'s steps run on one thread over the plain searcher, with a timer and an allocation counter between steps) and **{StagedCandidate}** (the same with `ScanHighlighter`, a prototype that looks the text's character pairs up in the query's bigram terms instead of re-analysing each hit with Lucene's `Highlighter`).");
        md.AppendLine($"- {WarmUpPasses} warm-up passes of every contender, then {r.Rounds} rounds; each round runs every contender over all queries, the order rotated each round (A B C…, B C … A, …). Figures are medians over rounds; the ratio is the median of per-round ratios to {Plain} in the same round.");
        md.AppendLine("- Latency: `Stopwatch` around each call. Allocation: `GC.GetAllocatedBytesForCurrentThread()` around each call (\"this thread\" — misses work Hunyu moves to the thread pool) and `GC.GetTotalAllocatedBytes(precise: true)` around each call (\"all threads\"; read outside the timed span). GC counts are per pass of all queries.");
        md.AppendLine($"- The machine is shared (2 cores, other builds and tests run concurrently; load average {r.Machine.LoadAverage} at start, {r.LoadAverageAtEnd} at end): absolute figures are noisy; compare the ratios.").AppendLine();
        md.AppendLine($"Sanity check: Hunyu and plain Lucene return the same top-10 chunk ids in the same order for {r.Agreement.SameOrder:N0} of {r.Queries:N0} queries (same set: {r.Agreement.SameSet:N0}; same score sequence: {r.Agreement.SameScores:N0}, so where the order differs it is among equal scores, which Hunyu breaks by citation id and Lucene by doc id). The cached ACL filter returns the same top 10 as Hunyu's per-query filter for {r.CachedAclSame:N0} of {r.Queries:N0} queries.").AppendLine();
        md.AppendLine("## Figures").AppendLine();
        md.AppendLine($"| contender | queries/s | q/s ratio to plain | p50 ms | p50 ratio (plain p50 ÷ p50) | p99 ms | KB/query (this thread) | KB/query (all threads) | gen0/gen1/gen2 GCs per {r.Queries:N0} queries |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var c in r.Summary)
        {
            md.AppendLine($"| {c.Contender} | {F(c.QueriesPerSecond)} | {F(c.RatioToPlain)} | {F(c.P50Ms)} | {F(c.P50RatioToPlain)} | {F(c.P99Ms)} | {F(c.ThreadBytesPerQuery / 1024)} | {F(c.AllThreadBytesPerQuery / 1024)} | {F(c.Gen0)}/{F(c.Gen1)}/{F(c.Gen2)} |");
        }

        var a = r.Anatomy;
        md.AppendLine().AppendLine("## Where Hunyu's time and allocation go").AppendLine();
        md.AppendLine($"What every contender pays: a ranking query has on average {F(a.WordClauses + a.BigramClauses + a.TitleClauses)} term clauses ({F(a.WordClauses)} `words`, {F(a.BigramClauses)} `bigrams`, {F(a.TitleClauses)} `title_words`). " +
            $"Lucene allocates {F(a.WeightBytes / 1024)} KB per query to create the weight (`IndexSearcher.CreateNormalizedWeight`: a terms-dictionary seek and BM25 statistics per clause) and {F(a.SearchBytes / 1024)} KB for the whole `Search` (weight again, plus a postings enumerator per clause and BooleanScorer's 2,048-bucket table), and {F(a.StoredFieldBytes / 1024)} KB to load 10 hits' stored fields.").AppendLine();
        md.AppendLine($"Per-stage cost of the same-thread replicas (highlight on): median and mean µs per query within a round, and KB allocated per query, each the median over rounds. Means include the preemptions of a loaded machine; medians are the typical query. Snippets of the scan highlighter equal the current ones for {F(r.SnippetAgreement * 100)}% of hits (window edges differ; it is a sizing prototype). A third option, one `QueryTermScorer` + `Highlighter` per query instead of per hit, gives identical snippets but saves only ~15% of the highlighter's allocation and no time (see the micro-benchmarks).").AppendLine();
        md.AppendLine($"| stage | replica: median µs | mean µs | KB/query | scan highlighter: median µs | mean µs | KB/query |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var current = r.Stages[Staged];
        var better = r.Stages[StagedCandidate];
        for (var i = 0; i < current.Count; i++)
        {
            md.AppendLine($"| {current[i].Stage} | {F(current[i].MedianMicroseconds)} | {F(current[i].MeanMicroseconds)} | {F(current[i].Bytes / 1024)} | {F(better[i].MedianMicroseconds)} | {F(better[i].MeanMicroseconds)} | {F(better[i].Bytes / 1024)} |");
        }

        md.AppendLine($"| **total** | | **{F(current.Sum(x => x.MeanMicroseconds))}** | **{F(current.Sum(x => x.Bytes) / 1024)}** | | **{F(better.Sum(x => x.MeanMicroseconds))}** | **{F(better.Sum(x => x.Bytes) / 1024)}** |");
        md.AppendLine().AppendLine($"Whole `query` sub-command: {r.WallSeconds:0} s. Reproduce: `bench/run-e2e.sh query` (see bench/README.md).");
        return md.ToString();
    }

    private sealed record Contender(string Name, Func<string, int> Run);
}

internal sealed record QueryAnatomy(double WordClauses, double BigramClauses, double TitleClauses, double WeightBytes, double SearchBytes, double StoredFieldBytes);

internal sealed record Agreement(int SameOrder, int SameSet, int SameScores);

internal sealed record PassResult(string Contender, int Round, double QueriesPerSecond, double P50Ms, double P99Ms, double ThreadBytesPerQuery, double AllThreadBytesPerQuery, int Gen0, int Gen1, int Gen2, int Hits);

internal sealed record ContenderSummary(string Contender, double QueriesPerSecond, double P50Ms, double P99Ms, double ThreadBytesPerQuery, double AllThreadBytesPerQuery, double Gen0, double Gen1, double Gen2, double RatioToPlain, double P50RatioToPlain);

internal sealed record StageResult(string Stage, double MedianMicroseconds, double MeanMicroseconds, double Bytes);

internal sealed record QueryReport(
    MachineInfo Machine,
    string Corpus,
    int Documents,
    int Queries,
    int Rounds,
    Agreement Agreement,
    int CachedAclSame,
    QueryAnatomy Anatomy,
    double SnippetAgreement,
    List<ContenderSummary> Summary,
    Dictionary<string, List<StageResult>> Stages,
    List<PassResult> Passes,
    string LoadAverageAtEnd,
    double WallSeconds);
