using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Audit;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using Hunyu.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Audit;

/// <summary>
/// <c>audit</c>: what the audit trail costs and what it catches. (1) Raw appends per second to the embedded log, one
/// thread and four; (2) search latency with audit on vs off over the same index in one run, queries interleaved so
/// noise hits both alike; (3) verification speed; (4) every kind of tampering against a 100-entry log, with and
/// without an anchor.
/// </summary>
internal static class AuditBenchmark
{
    private const int Appends = 5_000;
    private const int Threads = 4;
    private const int Articles = 3_000;
    private const int MaxQueries = 300;
    private const int Limit = 10;
    private const int TamperEntries = 100;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-audit-{Environment.ProcessId}"));
        try
        {
            // 1. Appends.
            var single = await AppendRateAsync(Path.Combine(work.FullName, "append1", "hunyu.db"), 1);
            var parallel = await AppendRateAsync(Path.Combine(work.FullName, "append4", "hunyu.db"), Threads);
            double verifyPerSecond;
            using (var log = SqliteAuditLog.Open(Path.Combine(work.FullName, "append4", "hunyu.db")))
            {
                var stopwatch = Stopwatch.StartNew();
                var verification = await log.VerifyAsync();
                verifyPerSecond = verification.Entries / stopwatch.Elapsed.TotalSeconds;
                if (!verification.Intact || verification.Entries != Appends)
                {
                    throw new InvalidOperationException($"concurrent appends broke the chain: {verification.FirstBroken?.Reason} ({verification.Entries} entries)");
                }
            }

            // 2. Search with audit on vs off.
            var queries = CorpusFile.ReadQueries(Path.Combine(options.StardDirectory, "queries.jsonl")).Select(q => q.Text).Take(MaxQueries).ToList();
            var corpus = Path.Combine(work.FullName, "statutes.jsonl");
            await File.WriteAllLinesAsync(corpus, File.ReadLines(options.StatutesCorpus).Take(Articles));
            var data = Path.Combine(work.FullName, "data");
            using (var ingest = KnowledgeBase.Open(data, new KnowledgeBaseOptions { Audit = NullAuditLog.Instance }))
            {
                await ingest.IngestAsync(new IngestionRequest { Path = corpus, Domain = "statutes" });
            }

            var off = new List<double>();
            var on = new List<double>();
            using (var withoutAudit = KnowledgeBase.Open(data, new KnowledgeBaseOptions { Audit = NullAuditLog.Instance }))
            using (var withAudit = KnowledgeBase.Open(data))
            {
                for (var round = 0; round < options.Rounds + 1; round++)
                {
                    foreach (var query in queries)
                    {
                        // Alternate which goes first, so caches warmed by one do not favour the other.
                        var first = round % 2 == 0;
                        var a = Time(first ? withAudit : withoutAudit, query);
                        var b = Time(first ? withoutAudit : withAudit, query);
                        if (round > 0)
                        {
                            on.Add(first ? a : b);
                            off.Add(first ? b : a);
                        }
                    }
                }

                if (!(await withAudit.Audit.VerifyAsync()).Intact)
                {
                    throw new InvalidOperationException("the search audit chain does not verify");
                }
            }

            // 4. Tampering.
            var tampering = await TamperTableAsync(work.FullName);

            var report = new
            {
                Machine = machine,
                Appends,
                SingleThreadAppendsPerSecond = single,
                FourThreadAppendsPerSecond = parallel,
                VerifiedEntriesPerSecond = verifyPerSecond,
                Corpus = options.StatutesCorpusForReport,
                Articles,
                Queries = queries.Count,
                options.Rounds,
                SearchOffP50Ms = Stats.Median(off),
                SearchOnP50Ms = Stats.Median(on),
                SearchOffP95Ms = Stats.Percentile(off, 95),
                SearchOnP95Ms = Stats.Percentile(on, 95),
                RatioP50 = Stats.Median(on.Zip(off, (x, y) => x / y)),
                AddedP50Ms = Stats.Median(on.Zip(off, (x, y) => x - y)),
                Tampering = tampering,
            };
            var markdown = new StringBuilder()
                .AppendLine("# Audit trail: write overhead and tamper detection")
                .AppendLine()
                .AppendLine(machine.ToMarkdown())
                .AppendLine()
                .AppendLine("## Appends (embedded SQLite log, `SqliteAuditLog.AppendAsync`)")
                .AppendLine()
                .AppendLine($"{Appends:N0} search-sized events (a query, two domains, ten document ids) per run; every append reads the head and inserts in one `BEGIN IMMEDIATE` transaction (WAL, synchronous=NORMAL).")
                .AppendLine()
                .AppendLine("| measure | value |")
                .AppendLine("| --- | ---: |")
                .AppendLine($"| appends/s, 1 thread | {F(single)} |")
                .AppendLine($"| appends/s, {Threads} threads (one chain; verified intact afterwards) | {F(parallel)} |")
                .AppendLine($"| entries verified/s (`VerifyAsync`) | {F(verifyPerSecond)} |")
                .AppendLine()
                .AppendLine("## Search latency, audit on vs off")
                .AppendLine()
                .AppendLine($"The first {Articles:N0} articles of `{report.Corpus}` in one domain; the first {queries.Count} stard-train questions, top {Limit}, highlighting on, local admin, one thread. Two knowledge bases over the same index, one with the default audit log and one with `NullAuditLog`; each question is searched by both back to back (order alternating per round), {options.Rounds} rounds after a warm-up round.")
                .AppendLine()
                .AppendLine("| | p50 ms | p95 ms |")
                .AppendLine("| --- | ---: | ---: |")
                .AppendLine($"| audit off | {F(report.SearchOffP50Ms)} | {F(report.SearchOffP95Ms)} |")
                .AppendLine($"| audit on | {F(report.SearchOnP50Ms)} | {F(report.SearchOnP95Ms)} |")
                .AppendLine()
                .AppendLine($"Median per-question ratio on / off: **{F(report.RatioP50)}**; median added latency **{F(report.AddedP50Ms)} ms**.")
                .AppendLine()
                .AppendLine($"## Tamper detection ({TamperEntries}-entry log, `hunyu audit verify` logic)")
                .AppendLine()
                .AppendLine("| tampering | without anchor | with anchor |")
                .AppendLine("| --- | --- | --- |");
            foreach (var row in tampering)
            {
                markdown.AppendLine($"| {row.Tampering} | {row.WithoutAnchor} | {row.WithAnchor} |");
            }

            markdown
                .AppendLine()
                .AppendLine("An anchor is the count and head hash recorded before the tampering (`audit.anchor`). What passes without one is the documented limit of a hash chain (a cut-off tail, a rewrite with recomputed hashes); an entry appended with a correctly computed hash after the anchor looks like ordinary growth to any unkeyed chain: only a keyed MAC or a copy shipped elsewhere as it is written would catch it (SECURITY.md).");
            Write(options.OutputDirectory, "audit", markdown.ToString(), report);
            Console.WriteLine(markdown);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static async Task<double> AppendRateAsync(string path, int threads)
    {
        using var log = SqliteAuditLog.Open(path);
        var detail = """{"query":"劳动合同试用期最长多久","domains":["statutes","handbook"],"hits":42,"documents":["d1","d2","d3","d4","d5","d6","d7","d8","d9","d10"]}""";
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < Appends / threads; i++)
            {
                await log.AppendAsync(new AuditEvent { Action = AuditActions.Search, UserId = $"user{t}", Groups = ["staff"], Client = "10.0.0.1", Detail = detail });
            }
        })));
        return Appends / stopwatch.Elapsed.TotalSeconds;
    }

    private static double Time(KnowledgeBase knowledge, string query)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = knowledge.SearchAsync(new SearchRequest { Query = query, Principal = Principal.LocalAdmin, Limit = Limit }).GetAwaiter().GetResult();
        stopwatch.Stop();
        GC.KeepAlive(result);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static async Task<IReadOnlyList<TamperRow>> TamperTableAsync(string root)
    {
        var cases = new (string Name, Func<IReadOnlyList<AuditRecord>, string> Sql)[]
        {
            ("edit occurred_at of entry 50", _ => "UPDATE audit_log SET occurred_at = '2030-01-01T00:00:00.0000000Z' WHERE sequence = 50"),
            ("edit user_id of entry 50", _ => "UPDATE audit_log SET user_id = 'mallory' WHERE sequence = 50"),
            ("edit groups of entry 50", _ => "UPDATE audit_log SET groups = '[\"admins\"]' WHERE sequence = 50"),
            ("edit client of entry 50", _ => "UPDATE audit_log SET client = '10.9.9.9' WHERE sequence = 50"),
            ("edit action of entry 50", _ => "UPDATE audit_log SET action = 'login' WHERE sequence = 50"),
            ("edit target of entry 50", _ => "UPDATE audit_log SET target = 'other' WHERE sequence = 50"),
            ("edit outcome of entry 50", _ => "UPDATE audit_log SET outcome = 'denied' WHERE sequence = 50"),
            ("edit code of entry 50", _ => "UPDATE audit_log SET code = 'forbidden' WHERE sequence = 50"),
            ("edit detail of entry 50", _ => "UPDATE audit_log SET detail = '{\"query\":\"天气\"}' WHERE sequence = 50"),
            ("edit tenant of entry 50", _ => "UPDATE audit_log SET tenant = 'b' WHERE sequence = 50"),
            ("change the hash of entry 50", _ => $"UPDATE audit_log SET hash = '{new string('a', 64)}' WHERE sequence = 50"),
            ("change the previous hash of entry 50", _ => $"UPDATE audit_log SET previous_hash = '{new string('a', 64)}' WHERE sequence = 50"),
            ("delete the first entry", _ => "DELETE FROM audit_log WHERE sequence = 1"),
            ("delete a middle entry (50)", _ => "DELETE FROM audit_log WHERE sequence = 50"),
            ("delete a middle entry and renumber the rest", _ => "DELETE FROM audit_log WHERE sequence = 50; UPDATE audit_log SET sequence = -sequence WHERE sequence > 50; UPDATE audit_log SET sequence = -sequence - 1 WHERE sequence < 0"),
            ("delete the last entry", _ => $"DELETE FROM audit_log WHERE sequence = {TamperEntries}"),
            ("delete the last 10 entries", _ => $"DELETE FROM audit_log WHERE sequence > {TamperEntries - 10}"),
            ("swap entries 50 and 51", _ => "UPDATE audit_log SET sequence = -1 WHERE sequence = 50; UPDATE audit_log SET sequence = 50 WHERE sequence = 51; UPDATE audit_log SET sequence = 51 WHERE sequence = -1"),
            ("insert a forged entry at 50 (correct hash, rest shifted)", records => "UPDATE audit_log SET sequence = -sequence WHERE sequence >= 50; UPDATE audit_log SET sequence = -sequence + 1 WHERE sequence < 0; " + Insert(AuditChain.Seal(50, DateTimeOffset.UtcNow, new AuditEvent { Action = "login", UserId = "mallory" }, records[48].Hash))),
            ("append a forged entry with a made-up hash", records => Insert(AuditChain.Seal(TamperEntries + 1, DateTimeOffset.UtcNow, new AuditEvent { Action = "login", UserId = "mallory" }, records[^1].Hash) with { Hash = new string('b', 64) })),
            ("append a forged entry with a correct hash", records => Insert(AuditChain.Seal(TamperEntries + 1, DateTimeOffset.UtcNow, new AuditEvent { Action = "login", UserId = "mallory" }, records[^1].Hash))),
            ("rewrite the whole chain (edit entry 50, recompute every hash)", Rewrite),
        };

        var rows = new List<TamperRow>();
        var index = 0;
        foreach (var (name, sql) in cases)
        {
            var path = Path.Combine(root, "tamper", (index++).ToString(System.Globalization.CultureInfo.InvariantCulture), "hunyu.db");
            using var log = SqliteAuditLog.Open(path);
            for (var i = 0; i < TamperEntries; i++)
            {
                await log.AppendAsync(new AuditEvent { Action = AuditActions.Search, UserId = $"user{i % 7}", Detail = $$"""{"query":"q{{i}}"}""" });
            }

            var anchor = (await log.VerifyAsync()).Anchor;
            var records = (await log.SearchAsync(new AuditQuery { Limit = TamperEntries })).Reverse().ToList();
            using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql(records) + ";";
                command.ExecuteNonQuery();
            }

            rows.Add(new TamperRow(name, Describe(await log.VerifyAsync()), Describe(await log.VerifyAsync(anchor))));
        }

        return rows;
    }

    private static string Rewrite(IReadOnlyList<AuditRecord> records)
    {
        var sql = new StringBuilder("DELETE FROM audit_log;");
        var previous = AuditChain.GenesisHash;
        foreach (var record in records)
        {
            var changed = record with { UserId = record.Sequence == 50 ? "mallory" : record.UserId, PreviousHash = previous };
            changed = changed with { Hash = AuditChain.ComputeHash(changed) };
            sql.Append(Insert(changed)).Append(';');
            previous = changed.Hash;
        }

        return sql.ToString();
    }

    private static string Insert(AuditRecord r) =>
        "INSERT INTO audit_log (sequence, occurred_at, tenant, user_id, groups, client, action, target, outcome, code, detail, previous_hash, hash) VALUES " +
        System.FormattableString.Invariant($"({r.Sequence}, {Q(r.Time)}, {Q(r.Tenant)}, {Q(r.UserId)}, {Q(r.Groups)}, {Q(r.Client)}, {Q(r.Action)}, {Q(r.Target)}, {Q(r.Outcome)}, {Q(r.Code)}, {Q(r.Detail)}, {Q(r.PreviousHash)}, {Q(r.Hash)})");

    private static string Q(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Describe(AuditVerification verification) =>
        verification.FirstBroken is { } broken
            ? System.FormattableString.Invariant($"**detected**: {broken.Kind.ToString().ToLowerInvariant()} at {broken.Sequence}")
            : "not detected";

    private sealed record TamperRow(string Tampering, string WithoutAnchor, string WithAnchor);
}
