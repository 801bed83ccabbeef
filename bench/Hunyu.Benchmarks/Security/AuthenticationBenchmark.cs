using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using Hunyu.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Security;

/// <summary>
/// <c>auth</c>: what authentication adds to <c>POST /api/search</c> over real HTTP (Kestrel on 127.0.0.1). Two servers
/// over copies of the same ingested samples: one anonymous (no key, no issuer: the local-admin default), one requiring
/// authentication (an API key and a JWT issuer). Each query is sent anonymously, with the key and with a JWT back to
/// back, the order rotating per round, so noise hits all three alike; the ratios are per-query medians of one run.
/// </summary>
internal static class AuthenticationBenchmark
{
    private const string Issuer = "https://login.bench/realms/acme";
    private const string Audience = "hunyu";

    private static readonly string[] StaffGroups = ["staff"];

    private static readonly string[] Queries =
    [
        "劳动合同", "年假", "试用期", "报销", "加班", "工资", "解除劳动合同", "经济补偿", "保密", "竞业限制",
        "员工手册", "请假", "社会保险", "病假", "培训",
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-auth-{Environment.ProcessId}"));
        try
        {
            var anonymousData = Path.Combine(work.FullName, "anonymous");
            using (var ingest = KnowledgeBase.Open(anonymousData))
            {
                await ingest.IngestAsync(new IngestionRequest { Path = Path.Combine(options.RepoRoot, "samples"), Domain = "samples" });
            }

            SqliteConnection.ClearAllPools();
            var securedData = Path.Combine(work.FullName, "secured");
            CopyFolder(anonymousData, securedData);
            string key;
            using (var secured = KnowledgeBase.Open(securedData))
            {
                await secured.SaveUserAsync(Principal.DefaultTenant, "bench", PrincipalRole.Reader, ["staff"]);
                key = (await secured.AddApiKeyAsync(Principal.DefaultTenant, "bench")).Key;
            }

            var signingKey = RandomNumberGenerator.GetBytes(32);
            using var anonymousKnowledge = KnowledgeBase.Open(anonymousData);
            using var securedKnowledge = KnowledgeBase.Open(securedData);
            string[] common = ["--Logging:LogLevel:Default=Warning", "--Hunyu:Server:RateLimit:Enabled=false"];
            await using var anonymousApp = HunyuServer.Build(anonymousKnowledge, common, "http://127.0.0.1:0");
            await using var securedApp = HunyuServer.Build(
                securedKnowledge,
                [.. common, $"--Hunyu:Identity:Jwt:Issuer={Issuer}", $"--Hunyu:Identity:Jwt:Audience={Audience}", $"--Hunyu:Identity:Jwt:SigningKeys:0={Convert.ToBase64String(signingKey)}"],
                "http://127.0.0.1:0");
            await anonymousApp.StartAsync();
            await securedApp.StartAsync();

            using var anonymous = Client(anonymousApp, null);
            using var withKey = Client(securedApp, key);
            using var withJwt = Client(securedApp, Token(signingKey));
            var clients = new[] { anonymous, withKey, withJwt };
            var times = clients.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < options.Rounds + 1; round++)
            {
                foreach (var query in Queries)
                {
                    for (var i = 0; i < clients.Length; i++)
                    {
                        // Rotate who goes first, so a cache one request warms does not favour the next.
                        var which = (i + round) % clients.Length;
                        var elapsed = await TimeAsync(clients[which], query);
                        if (round > 0)
                        {
                            times[which].Add(elapsed);
                        }
                    }
                }
            }

            await anonymousApp.StopAsync();
            await securedApp.StopAsync();

            var report = new
            {
                Machine = machine,
                Corpus = "samples/",
                Queries = Queries.Length,
                options.Rounds,
                AnonymousP50Ms = Stats.Median(times[0]),
                KeyP50Ms = Stats.Median(times[1]),
                JwtP50Ms = Stats.Median(times[2]),
                AnonymousP95Ms = Stats.Percentile(times[0], 95),
                KeyP95Ms = Stats.Percentile(times[1], 95),
                JwtP95Ms = Stats.Percentile(times[2], 95),
                KeyRatioP50 = Stats.Median(times[1].Zip(times[0], (x, y) => x / y)),
                JwtRatioP50 = Stats.Median(times[2].Zip(times[0], (x, y) => x / y)),
                KeyAddedP50Ms = Stats.Median(times[1].Zip(times[0], (x, y) => x - y)),
                JwtAddedP50Ms = Stats.Median(times[2].Zip(times[0], (x, y) => x - y)),
            };
            var markdown = new StringBuilder()
                .AppendLine("# Security: authentication cost")
                .AppendLine()
                .AppendLine(machine.ToMarkdown())
                .AppendLine()
                .AppendLine("## Authentication cost")
                .AppendLine()
                .AppendLine($"`POST /api/search` over HTTP/1.1 on 127.0.0.1 (Kestrel, one client, one request at a time), {Queries.Length} Chinese queries over the repository's `samples/`, {options.Rounds} rounds after a warm-up round. Anonymous: a server with no key and no issuer (requests run as the local administrator). API key: a server where a key exists, `Authorization: Bearer hy_…` (id lookup in SQLite, SHA-256, constant-time compare). JWT: the same server with an HS256 issuer configured, validated by `Microsoft.AspNetCore.Authentication.JwtBearer`. Every request is audited in all three; rate limiting is off.")
                .AppendLine()
                .AppendLine("| | p50 ms | p95 ms |")
                .AppendLine("| --- | ---: | ---: |")
                .AppendLine($"| anonymous (local admin) | {F(report.AnonymousP50Ms)} | {F(report.AnonymousP95Ms)} |")
                .AppendLine($"| API key | {F(report.KeyP50Ms)} | {F(report.KeyP95Ms)} |")
                .AppendLine($"| JWT | {F(report.JwtP50Ms)} | {F(report.JwtP95Ms)} |")
                .AppendLine()
                .AppendLine($"Median per-query ratio API key / anonymous: **{F(report.KeyRatioP50)}** (added {F(report.KeyAddedP50Ms)} ms); JWT / anonymous: **{F(report.JwtRatioP50)}** (added {F(report.JwtAddedP50Ms)} ms).")
                .AppendLine()
                .AppendLine("The anonymous server asks the catalog on every request whether a key exists yet (a key may be issued by `hunyu keys add` in another process), so its baseline includes one small SQLite read too. Note: the reader key sees documents by ACL while the local administrator sees everything; the samples are public, so both search the same passages.");
            Write(options.OutputDirectory, "security-auth", markdown.ToString(), report);
            Console.WriteLine(markdown);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static HttpClient Client(WebApplication app, string? bearer)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    private static async Task<double> TimeAsync(HttpClient client, string query)
    {
        using var body = new StringContent($$"""{"query": "{{query}}", "limit": 10}""", Encoding.UTF8, "application/json");
        var stopwatch = Stopwatch.StartNew();
        using var response = await client.PostAsync("/api/search", body);
        var text = await response.Content.ReadAsStringAsync();
        stopwatch.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"search '{query}' failed: {(int)response.StatusCode} {text}");
        }

        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static string Token(byte[] signingKey) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Expires = DateTime.UtcNow.AddHours(2),
        Claims = new Dictionary<string, object> { ["preferred_username"] = "bench", ["groups"] = StaffGroups },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
    });

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }
}
