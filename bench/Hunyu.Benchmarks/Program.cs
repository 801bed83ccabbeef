using BenchmarkDotNet.Running;
using Hunyu.Benchmarks;
using Hunyu.Benchmarks.Audit;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Gateway;
using Hunyu.Benchmarks.Governance;
using Hunyu.Benchmarks.Grounding;
using Hunyu.Benchmarks.Mcp;
using Hunyu.Benchmarks.Micro;
using Hunyu.Benchmarks.Pii;
using Hunyu.Benchmarks.Security;
using Hunyu.Benchmarks.Streaming;

const string Usage = """
    usage: Hunyu.Benchmarks <command> [options]
      micro [BenchmarkDotNet args]   micro-benchmarks, e.g. micro --filter '*'
      ingest                         statutes corpus: Hunyu ingest vs plain Lucene.NET  -> bench/results/ingest.md/.json
      query                          stard-train queries: KnowledgeBase.SearchAsync vs plain Lucene.NET -> bench/results/query.md/.json
      peers                          stard-train quality and speed: Hunyu vs SQLite FTS5 -> bench/results/peers.md/.json
      fanout                         statutes in 5 domains: federated search vs its slowest single domain -> bench/results/fanout.md/.json
      governance                     governance pipeline throughput vs read+normalise, near-dup quality -> bench/results/governance.md/.json
      governance-scale               governance memory on a synthetic corpus (--mb N, default 1024) -> bench/results/governance-scale.md/.json
      governance-steps               where the governance time goes: each step timed alone per corpus (console only)
      audit                          audit trail: appends/s, search latency audit on vs off, tamper detection -> bench/results/audit.md/.json
      pii                            PII detection: labelled set in real sentences, corpora, throughput -> bench/results/pii.md/.json
      gateway                        model gateway: overhead over a direct in-process call, scheduling under load -> bench/results/gateway.md/.json
      grounding                      citation checking: precision/recall on perturbed CMRC answer sentences -> bench/results/grounding.md/.json
      streaming                      /v1/chat/completions stream: time to first delta vs full answer -> bench/results/streaming.md/.json
      mcp                            MCP search tool vs POST /api/search, same query, same server: per-call overhead -> bench/results/mcp.md/.json
      acl                            randomized ACL leakage test at full size, cost of enforcement -> bench/results/security-acl.md/.json
      injection                      prompt-injection screener: precision/recall on attacks inserted in real passages -> bench/results/injection.md/.json
      auth                           authentication cost: /api/search anonymous vs API key vs JWT over HTTP -> bench/results/security-auth.md/.json
      all                            ingest, query, peers
    options (e2e): --data DIR (default ../shared/eval) --out DIR (default bench/results)
                   --work DIR (temp indexes) --reps N (ingest, default 3) --rounds N (query, default 7)
                   --mb N (governance-scale, default 1024)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    if (args[0] == "micro")
    {
        BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args[1..], MicroConfig.Create());
        return 0;
    }

    var options = BenchOptions.Parse(args[1..]);
    switch (args[0])
    {
        case "ingest":
            return await IngestBenchmark.RunAsync(options);
        case "query":
            return await QueryBenchmark.RunAsync(options);
        case "peers":
            return await PeersBenchmark.RunAsync(options);
        case "fanout":
            return await FanOutBenchmark.RunAsync(options);
        case "governance":
            return GovernanceBenchmark.Run(options);
        case "governance-scale":
            return ScaleBenchmark.Run(options);
        case "governance-steps":
            return GovernanceBenchmark.RunStepsOnly(options);
        case "audit":
            return await AuditBenchmark.RunAsync(options);
        case "pii":
            return PiiBenchmark.Run(options);
        case "gateway":
            return await GatewayBenchmark.RunAsync(options);
        case "grounding":
            return await GroundingBenchmark.RunAsync(options);
        case "streaming":
            return await StreamingBenchmark.RunAsync(options);
        case "mcp":
            return await McpBenchmark.RunAsync(options);
        case "acl":
            return await AclBenchmark.RunAsync(options);
        case "injection":
            return InjectionBenchmark.Run(options);
        case "auth":
            return await AuthenticationBenchmark.RunAsync(options);
        case "all":
            var status = await IngestBenchmark.RunAsync(options);
            status |= await QueryBenchmark.RunAsync(options);
            return status | await PeersBenchmark.RunAsync(options);
        default:
            Console.Error.WriteLine($"{args[0]}: unknown command\n{Usage}");
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
