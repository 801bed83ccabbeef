using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Audit;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// <c>fanout</c>: the cost of federation. The statutes corpus is dealt into five domains; each stard-train question is
/// searched in all five at once (federated: shared statistics, parallel fan-out, fusion) and in each domain alone.
/// Per question, the federated latency is compared with the slowest single domain (the floor of any fan-out) and with
/// the sum of the five (what a sequential fan-out would cost); rounds are interleaved so machine noise hits all alike.
/// </summary>
internal static class FanOutBenchmark
{
    private const int Domains = 5;
    private const int Limit = 10;
    private const int MaxQueries = 400;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var queries = CorpusFile.ReadQueries(Path.Combine(options.StardDirectory, "queries.jsonl")).Select(q => q.Text).Take(MaxQueries).ToList();
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-fanout-{Environment.ProcessId}"));
        try
        {
            var names = Enumerable.Range(1, Domains).Select(i => $"part{i}").ToArray();
            var parts = names.Select(name => new StreamWriter(Path.Combine(work.FullName, name + ".jsonl"), false, new UTF8Encoding(false))).ToArray();
            var line = 0;
            foreach (var text in File.ReadLines(options.StatutesCorpus))
            {
                await parts[line++ % Domains].WriteLineAsync(text);
            }

            foreach (var part in parts)
            {
                await part.DisposeAsync();
            }

            // The audit trail is measured on its own (audit.md); here it would add the same cost to both sides.
            using var knowledge = KnowledgeBase.Open(Path.Combine(work.FullName, "data"), new KnowledgeBaseOptions { Audit = NullAuditLog.Instance });
            foreach (var name in names)
            {
                await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(work.FullName, name + ".jsonl"), Domain = name });
            }

            Console.WriteLine($"fanout: {line:N0} articles in {Domains} domains; {queries.Count} queries × {options.Rounds} rounds");
            var federated = new List<double>();

            var slowest = new List<double>();
            var sum = new List<double>();
            var coldFederated = new List<double>();
            var coldSlowest = new List<double>();
            for (var round = 0; round < options.Rounds + 1; round++)
            {
                foreach (var query in queries)
                {
                    var single = names.Select(name => Time(knowledge, query, [name])).ToList();
                    var all = Time(knowledge, query, names);
                    // The first round sees each question first (statistics not yet remembered, JIT warming): reported apart.
                    if (round == 0)
                    {
                        coldFederated.Add(all);
                        coldSlowest.Add(single.Max());
                    }
                    else
                    {
                        federated.Add(all);
                        slowest.Add(single.Max());
                        sum.Add(single.Sum());
                    }
                }
            }

            var report = new
            {
                Machine = machine,
                Corpus = options.StatutesCorpusForReport,
                Domains,
                Queries = queries.Count,
                options.Rounds,
                FederatedP50Ms = Stats.Median(federated),
                FederatedP95Ms = Stats.Percentile(federated, 95),
                SlowestSingleP50Ms = Stats.Median(slowest),
                SlowestSingleP95Ms = Stats.Percentile(slowest, 95),
                SumOfSinglesP50Ms = Stats.Median(sum),
                RatioToSlowestP50 = Stats.Median(federated.Zip(slowest, (f, s) => f / s)),
                RatioToSumP50 = Stats.Median(federated.Zip(sum, (f, s) => f / s)),
                FirstSightFederatedP50Ms = Stats.Median(coldFederated),
                FirstSightSlowestSingleP50Ms = Stats.Median(coldSlowest),
            };
            var markdown = new StringBuilder()
                .AppendLine("# Fan-out overhead: 5-domain federated search vs its slowest single domain")
                .AppendLine()
                .AppendLine(machine.ToMarkdown())
                .AppendLine()
                .AppendLine($"Corpus `{report.Corpus}` dealt round-robin into {Domains} domains; the first {queries.Count} stard-train questions, top {Limit}, highlighting on, local admin, one thread issuing queries; {options.Rounds} interleaved rounds after a first round (reported apart: it sees each question for the first time).")
                .AppendLine()
                .AppendLine("| measure | p50 ms | p95 ms |")
                .AppendLine("| --- | ---: | ---: |")
                .AppendLine($"| federated over 5 domains | {F(report.FederatedP50Ms)} | {F(report.FederatedP95Ms)} |")
                .AppendLine($"| slowest single domain (per question) | {F(report.SlowestSingleP50Ms)} | {F(report.SlowestSingleP95Ms)} |")
                .AppendLine($"| sum of the 5 single-domain searches | {F(report.SumOfSinglesP50Ms)} | |")
                .AppendLine($"| first sight of each question (round 0): federated | {F(report.FirstSightFederatedP50Ms)} | |")
                .AppendLine($"| first sight of each question (round 0): slowest single domain | {F(report.FirstSightSlowestSingleP50Ms)} | |")
                .AppendLine()
                .AppendLine($"Median per-question ratio federated / slowest single domain: **{F(report.RatioToSlowestP50)}**; federated / sum of singles: **{F(report.RatioToSumP50)}**.")
                .AppendLine()
                .AppendLine("Reading: the five domain searches are CPU-bound, and this machine has two cores, so a fan-out can at best run them in two waves; the floor is about half the sum of the singles, not the slowest single. What federation adds on top is gathering the term statistics of all five (remembered per index reader after a question's terms were first seen: compare the first-sight row) and fusing. Stored fields are read only for the hits fusion keeps. Audit is off on both sides.")
                .ToString();
            Write(options.OutputDirectory, "fanout", markdown, report);
            Console.WriteLine(markdown);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static double Time(KnowledgeBase knowledge, string query, string[] domains)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = knowledge.SearchAsync(new SearchRequest { Query = query, Principal = Principal.LocalAdmin, Limit = Limit, Domains = domains }).GetAwaiter().GetResult();
        stopwatch.Stop();
        GC.KeepAlive(result);
        return stopwatch.Elapsed.TotalMilliseconds;
    }
}
