using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Audit;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Hosting.Tests;
using Hunyu.Ingestion.Jobs;
using Microsoft.Data.Sqlite;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Security;

/// <summary>
/// <c>acl</c>: the randomized leakage test at full size and the cost of enforcement. Statute articles in three domains
/// and many sources, each source with a random ACL, then random administrators' rules on domains, sources and
/// documents; dozens of users in random groups ask real questions. Every search must equal the administrator's ranking
/// with what an independent oracle forbids removed (hits, order and counts), every answer may cite only permitted
/// documents and every read by id must agree with the oracle. Cost: the same question as a user (ACL filter inside the
/// search) and as the administrator (no filter), back to back, in one run.
/// </summary>
internal static class AclBenchmark
{
    private const int Seed = 20261129;
    private const int Articles = 5_000;
    private const int SourcesPerDomain = 12;
    private const int Users = 48;
    private const int Searches = 10_000;
    private const int Asks = 300;
    private const int Reads = 2_000;
    private const int Limit = 10;
    private const int OracleDepth = 100;
    // Three real corpora as three domains: distinct texts, so no passage has a near-identical twin in another domain
    // (search folds such twins into one hit, which would make a user's list differ from the filtered administrator's
    // ranking without any leak).
    private static readonly string[] Domains = ["statutes-zh", "cmrc2018-trial", "drcd-dev"];
    // Rules mostly on documents and sources, where permissions change most often; one in ten on a whole domain.
    private static readonly (int Domain, int Source, int Document) RuleTargets = (1, 3, 6);
    private static readonly string[] QuestionSets = ["stard-train", "cmrc2018-trial", "drcd-dev"];
    private static readonly string[] Groups = ["hr", "finance", "legal", "sales", "it", "ops", "audit", "board", "rnd", "support", "purchasing", "security"];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var random = new Random(Seed);
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-acl-{Environment.ProcessId}"));
        try
        {
            using var knowledge = KnowledgeBase.Open(Path.Combine(work.FullName, "data"), new KnowledgeBaseOptions { Audit = NullAuditLog.Instance });
            var build = Stopwatch.StartNew();
            var world = await BuildAsync(knowledge, options, work.FullName, random);
            build.Stop();
            var principals = Enumerable.Range(0, Users).Select(i => new Principal($"u{i}", [.. Groups.Where(_ => random.Next(4) == 0)])).ToList();
            // Real questions of the three data sets, interleaved.
            var questions = QuestionSets
                .Select(set => CorpusFile.ReadQueries(Path.Combine(options.DataRoot, set, "queries.jsonl")).Select(q => q.Text).Take(1_000).ToList())
                .SelectMany(list => list.Select((text, i) => (text, i))).OrderBy(q => q.i).Select(q => q.text).ToList();

            // Leakage: every search compared with the oracle's view of the administrator's deep ranking.
            var leaks = 0;
            var mismatches = 0;
            var countChecks = 0;
            var userMs = new List<double>();
            var adminMs = new List<double>();
            var ratios = new List<double>();
            var visibleHits = 0L;
            for (var i = 0; i < Searches; i++)
            {
                var question = questions[i % questions.Count];
                var principal = principals[random.Next(principals.Count)];
                // The oracle's view: the administrator's ranking without snippets, deep enough to hold the user's top ten; every
                // tenth search as deep as a search goes, so that where it holds every match the user's total is checked too.
                var depth = i % 10 == 0 ? SearchRequest.MaxLimit : OracleDepth;
                var deep = await knowledge.SearchAsync(new SearchRequest { Query = question, Principal = Principal.LocalAdmin, Limit = depth, Highlight = false });
                var expected = deep.Hits.Where(h => world.Permits(h.DocumentId, principal)).ToList();
                var complete = deep.TotalHits <= deep.Hits.Count;

                // Cost: the user's search and the administrator's, same question and depth, order alternating.
                var userFirst = i % 2 == 0;
                var (first, firstMs) = await TimeAsync(knowledge, question, userFirst ? principal : Principal.LocalAdmin);
                var (second, secondMs) = await TimeAsync(knowledge, question, userFirst ? Principal.LocalAdmin : principal);
                var seen = userFirst ? first : second;
                var (user, admin) = userFirst ? (firstMs, secondMs) : (secondMs, firstMs);
                userMs.Add(user);
                adminMs.Add(admin);
                ratios.Add(user / admin);
                visibleHits += seen.Hits.Count;

                // A leak is a forbidden hit or a count that includes forbidden matches; a mismatch is any other difference
                // from the oracle's ranking (enforcement removes hits, it never reorders them).
                leaks += seen.Hits.Count(h => !world.Permits(h.DocumentId, principal));

                // Where the oracle knows fewer than ten, the user's list must begin with exactly those.
                var known = complete || expected.Count >= Limit ? Math.Min(Limit, expected.Count) : expected.Count;
                if (!SameRanking(seen.Hits, expected, known) || (complete && seen.Hits.Count != known))
                {
                    mismatches++;
                }

                if (complete)
                {
                    countChecks++;
                    leaks += seen.TotalHits > expected.Count ? 1 : 0;
                    mismatches += seen.TotalHits < expected.Count ? 1 : 0;
                }

                if ((i + 1) % 1_000 == 0)
                {
                    Console.Error.WriteLine($"acl: {i + 1:N0}/{Searches:N0} searches, {leaks} leaks, {mismatches} mismatches");
                }
            }

            var citedForbidden = 0;
            for (var i = 0; i < Asks; i++)
            {
                var principal = principals[random.Next(principals.Count)];
                var answer = await knowledge.AskAsync(new SearchRequest { Query = questions[random.Next(questions.Count)], Principal = principal });
                citedForbidden += answer.Answer.Citations.Count(c => !world.Permits(c.DocumentId, principal));
                citedForbidden += answer.Search.Hits.Count(h => !world.Permits(h.DocumentId, principal));
            }

            var wrongReads = 0;
            for (var i = 0; i < Reads; i++)
            {
                var principal = principals[random.Next(principals.Count)];
                var id = world.DocumentIds[random.Next(world.DocumentIds.Count)];
                wrongReads += (await knowledge.GetDocumentAsync(id, principal) is not null) == world.Permits(id, principal) ? 0 : 1;
            }

            var report = new
            {
                Machine = machine,
                Documents = world.DocumentIds.Count,
                Domains = Domains.Length,
                Sources = Domains.Length * SourcesPerDomain,
                Rules = world.RuleCount,
                DistinctEffectiveAcls = world.DistinctEffectiveAcls(),
                Users,
                Groups = Groups.Length,
                Searches,
                CountChecks = countChecks,
                Asks,
                Reads,
                Leaks = leaks,
                Mismatches = mismatches,
                CitedForbidden = citedForbidden,
                WrongReads = wrongReads,
                MeanVisibleHits = (double)visibleHits / Searches,
                BuildSeconds = build.Elapsed.TotalSeconds,
                UserP50Ms = Stats.Median(userMs),
                AdminP50Ms = Stats.Median(adminMs),
                UserP95Ms = Stats.Percentile(userMs, 95),
                AdminP95Ms = Stats.Percentile(adminMs, 95),
                RatioP50 = Stats.Median(ratios),
            };
            var markdown = new StringBuilder()
                .AppendLine("# Access control: randomized leakage test and cost of enforcement")
                .AppendLine()
                .AppendLine(machine.ToMarkdown())
                .AppendLine()
                .AppendLine("## Set-up")
                .AppendLine()
                .AppendLine($"Three corpora of `../shared/eval` as three domains ({string.Join(", ", Domains)}; at most {Articles:N0} passages each), each split into {SourcesPerDomain} sources ({report.Documents:N0} documents); each source ingested with a random ACL (allow lists of users and groups, sometimes `*`, sometimes deny entries), then {report.Rules} random administrators' rules on domains, sources and documents (`KnowledgeBase.SetAclAsync`, applied to the index in place), {report.DistinctEffectiveAcls} distinct effective ACLs. {Users} users, each in a random subset of {Groups.Length} groups. Seed {Seed}.")
                .AppendLine()
                .AppendLine("The oracle is the benchmark's own reading of the documented rules (nearest allow list that is not `*` — document rule, the document's own ACL, source rule, domain rule — and every deny on the way), computed from what the benchmark set, not from the index.")
                .AppendLine()
                .AppendLine("## Leakage")
                .AppendLine()
                .AppendLine("| check | count | wrong |")
                .AppendLine("| --- | ---: | ---: |")
                .AppendLine($"| searches: forbidden hits shown, or totals above what the user may see | {Searches:N0} | {leaks:N0} |")
                .AppendLine($"| searches: top {Limit} differs from the administrator's ranking ({OracleDepth} deep, every tenth {SearchRequest.MaxLimit:N0} deep) minus what the oracle forbids (hits tied in score at the cut may come in any order) | {Searches:N0} | {mismatches:N0} |")
                .AppendLine($"| totals checked exactly (the administrator's list held every match) | {countChecks:N0} | (included above) |")
                .AppendLine($"| answers: cited or evidence documents the asker may not see | {Asks:N0} | {citedForbidden:N0} |")
                .AppendLine($"| reads by id (`GetDocumentAsync`): found iff the oracle permits | {Reads:N0} | {wrongReads:N0} |")
                .AppendLine()
                .AppendLine($"Mean hits a user saw per search: {report.MeanVisibleHits:0.0} of {Limit}.")
                .AppendLine()
                .AppendLine("## Cost of enforcement")
                .AppendLine()
                .AppendLine($"The same question (stard, CMRC and DRCD questions interleaved), top {Limit} with snippets, searched as a user (the ACL filter is part of the Lucene query: a per-segment bit set of the chunks whose effective-ACL doc value admits the user's tokens, cached per segment reader and principal) and as the administrator (no filter), back to back with the order alternating, {Searches:N0} pairs in one run.")
                .AppendLine()
                .AppendLine("| | p50 ms | p95 ms |")
                .AppendLine("| --- | ---: | ---: |")
                .AppendLine($"| administrator (no ACL filter) | {F(report.AdminP50Ms)} | {F(report.AdminP95Ms)} |")
                .AppendLine($"| user (ACL filter) | {F(report.UserP50Ms)} | {F(report.UserP95Ms)} |")
                .AppendLine()
                .AppendLine($"Median per-question ratio user / administrator: **{F(report.RatioP50)}** (goal ≤ 1.2).");
            Write(options.OutputDirectory, "security-acl", markdown.ToString(), report);
            Console.WriteLine(markdown);
            return leaks + mismatches + citedForbidden + wrongReads == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// True when <paramref name="seen"/> begins with the first <paramref name="known"/> of <paramref name="expected"/>; hits
    /// tied in score with the last of those may come in any order (the order among equal scores is not defined, and a
    /// shallower search may cut a tie elsewhere), but must carry that same score.
    /// </summary>
    private static bool SameRanking(IReadOnlyList<SearchHit> seen, List<SearchHit> expected, int known)
    {
        if (known == 0)
        {
            return true;
        }

        if (seen.Count < known)
        {
            return false;
        }

        var cut = expected[known - 1].Score;
        for (var i = 0; i < known; i++)
        {
            var tied = Math.Abs(expected[i].Score - cut) < 1e-9;
            if (tied ? Math.Abs(seen[i].Score - cut) >= 1e-9 : seen[i].CitationId != expected[i].CitationId)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<(SearchResult Result, double Ms)> TimeAsync(KnowledgeBase knowledge, string question, Principal principal)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await knowledge.SearchAsync(new SearchRequest { Query = question, Principal = principal, Limit = Limit });
        return (result, stopwatch.Elapsed.TotalMilliseconds);
    }

    private static async Task<AclWorld> BuildAsync(KnowledgeBase knowledge, BenchOptions options, string work, Random random)
    {
        var world = new AclWorld(Users, Groups);
        foreach (var domain in Domains)
        {
            var lines = File.ReadLines(Path.Combine(options.DataRoot, domain, "corpus.jsonl")).Take(Articles).ToList();
            var perSource = (lines.Count + SourcesPerDomain - 1) / SourcesPerDomain;
            for (var s = 0; s < SourcesPerDomain; s++)
            {
                var folder = Directory.CreateDirectory(Path.Combine(work, "sources", domain, $"s{s}"));
                await File.WriteAllLinesAsync(Path.Combine(folder.FullName, "passages.jsonl"), lines.Skip(s * perSource).Take(perSource));
                await knowledge.IngestAsync(new IngestionRequest { Path = folder.FullName, Domain = domain, Acl = world.RandomAcl(random) });
            }
        }

        for (var offset = 0; ; offset += 1_000)
        {
            var page = await knowledge.ListDocumentsAsync(Principal.LocalAdmin, null, offset, 1_000);
            foreach (var document in page.Documents)
            {
                world.Add(document);
            }

            if (offset + page.Documents.Count >= page.Total)
            {
                break;
            }
        }

        for (var i = 0; i < 60; i++)
        {
            await world.SetRandomRuleAsync(knowledge, random, RuleTargets);
        }

        return world;
    }
}
