extern alias cli;

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text.Json;
using cli::Hunyu.Cli;
using Hunyu.Core.Audit;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;
using ModelContextProtocol.Client;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Hunyu.Server.Tests.Identity;

/// <summary>
/// The proof of issue 6's "done when": users of two tenants, with different groups and keys, ask the same question
/// through <c>/api/search</c>, <c>/api/ask</c>, <c>/v1/chat/completions</c> (the official OpenAI client), MCP (the official
/// SDK client over HTTP) and the CLI in client mode, against one real Kestrel server; each sees exactly the documents
/// their ACLs and their tenant permit, and nothing of the other tenant.
/// </summary>
public sealed class TenantSurfacesTests
{
    private const string Word = "zqtravel";
    private const string Question = Word + " 差旅住宿标准是什么？";

    // A document id no document has.
    private const string MissingId = "0000000000000000";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SameQuestion_EverySurface_EachUserSeesExactlyWhatTheyMay()
    {
        await using var world = await TwoTenants.StartAsync();

        foreach (var (user, allowed) in world.Expected)
        {
            var key = world.Keys[user];
            var expected = allowed.Select(name => world.Ids[name]).Order(StringComparer.Ordinal).ToArray();
            var forbidden = world.Ids.Where(d => !allowed.Contains(d.Key)).Select(d => d.Value).ToHashSet(StringComparer.Ordinal);
            using var http = world.Client(key);

            // /api/search: exactly the permitted documents, and a total that counts no other.
            using var searched = await ApiClient.PostJsonAsync(http, "/api/search", new { query = Word, limit = 100 });
            var search = await ApiClient.ReadJsonAsync(searched.EnsureSuccessStatusCode());
            Assert.Equal(expected, DocumentIds(search.GetProperty("hits")));
            Assert.Equal(expected.Length, search.GetProperty("total_hits").GetInt32());

            // /api/ask: evidence and citations only from permitted documents.
            using var asked = await ApiClient.PostJsonAsync(http, "/api/ask", new { question = Question });
            var answer = await ApiClient.ReadJsonAsync(asked.EnsureSuccessStatusCode());
            AssertCitesOnly(expected, DocumentIds(answer.GetProperty("citations")), user);
            AssertMentionsNone(answer.GetProperty("answer").GetString()!, world, allowed);

            // /v1/chat/completions through the official OpenAI client.
            var chat = new ChatClient("hunyu", new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(world.Url + "/v1"), NetworkTimeout = TimeSpan.FromMinutes(2) });
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(Question)], cancellationToken: Token);
            AssertCitesOnly(expected, DocumentIds(Raw(completion).GetProperty("choices")[0].GetProperty("message").GetProperty("citations")), user);
            AssertMentionsNone(completion.Content[0].Text, world, allowed);
            var models = new OpenAIModelClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(world.Url + "/v1") });
            OpenAIModelCollection listedModels = await models.GetModelsAsync(Token);
            Assert.Equal(["hunyu", "hunyu:" + TwoTenants.DomainOf(user)], listedModels.Select(m => m.Id));

            // MCP over HTTP through the official SDK client: search, ask and get_document.
            await using (var mcp = await ConnectMcpAsync(world.Url, key))
            {
                var mcpSearch = Mcp.McpSession.Structured(await Mcp.McpSession.CallAsync(mcp, "search", new { query = Word, limit = 100 }));
                Assert.Equal(expected, DocumentIds(mcpSearch.GetProperty("hits")));
                var mcpAsk = Mcp.McpSession.Structured(await Mcp.McpSession.CallAsync(mcp, "ask", new { question = Question }));
                AssertCitesOnly(expected, DocumentIds(mcpAsk.GetProperty("citations")), user);
                var missingError = Mcp.McpSession.Error(await Mcp.McpSession.CallAsync(mcp, "get_document", new { id = MissingId }));
                foreach (var id in forbidden)
                {
                    var error = Mcp.McpSession.Error(await Mcp.McpSession.CallAsync(mcp, "get_document", new { id }));
                    Assert.Equal(missingError.Replace(MissingId, id, StringComparison.Ordinal), error);
                }
            }

            // The CLI as a client of the server with the user's key.
            var cliSearch = await RunCliAsync(world, "search", Word, "--limit", "100", "--server", world.Url, "--key", key, "--json");
            Assert.Equal(expected, DocumentIds(cliSearch.GetProperty("hits")));
            var cliAsk = await RunCliAsync(world, "ask", Question, "--server", world.Url, "--key", key, "--json");
            AssertCitesOnly(expected, DocumentIds(cliAsk.GetProperty("citations")), user);

            // Reads by id: a forbidden or other-tenant document answers exactly like a missing one.
            using var missing = await http.GetAsync($"/api/documents/{MissingId}", Token);
            var missingDetail = (await ApiClient.ReadProblemAsync(missing, 404, "not_found")).GetProperty("detail").GetString()!;
            foreach (var id in forbidden)
            {
                using var read = await http.GetAsync($"/api/documents/{id}", Token);
                var detail = (await ApiClient.ReadProblemAsync(read, 404, "not_found")).GetProperty("detail").GetString()!;
                Assert.Equal(missingDetail.Replace(MissingId, id, StringComparison.Ordinal), detail);
            }

            foreach (var id in expected)
            {
                using var read = await http.GetAsync($"/api/documents/{id}", Token);
                read.EnsureSuccessStatusCode();
            }

            // Listings: documents, domains and runs of the user's own tenant only.
            using var listed = await http.GetAsync("/api/documents?limit=100", Token);
            var listedIds = DocumentIds((await ApiClient.ReadJsonAsync(listed.EnsureSuccessStatusCode())).GetProperty("documents"), "id");
            Assert.Equal(expected, listedIds);
            using var domains = await http.GetAsync("/api/domains", Token);
            var domainNames = (await ApiClient.ReadJsonAsync(domains)).GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToArray();
            Assert.Equal([TwoTenants.DomainOf(user)], domainNames);
            using var runs = await http.GetAsync("/api/runs?limit=100", Token);
            var runSources = (await ApiClient.ReadJsonAsync(runs)).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("source_id").GetString()!).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(runSources);
            Assert.Subset(world.SourcesOf(TwoTenants.DomainOf(user)).ToHashSet(StringComparer.Ordinal), runSources);
        }

        // Carol's reads of acme's documents by id were refused and audited, naming who asked and which id.
        var refused = await world.Knowledge.Audit.SearchAsync(new AuditQuery { UserId = "carol", Action = AuditActions.Read, Limit = AuditQuery.MaxLimit }, Token);
        Assert.All(refused, e => Assert.Equal(("globex", "failed", "not_found"), (e.Tenant, e.Outcome, e.Code)));
        Assert.Subset(refused.Select(e => e.Target).ToHashSet(StringComparer.Ordinal), world.Ids.Where(d => d.Key.StartsWith("acme-", StringComparison.Ordinal)).Select(d => d.Value).ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("acl:*")]
    [InlineData("user:bob")]
    [InlineData("domain:acme-policies")]
    [InlineData("domain:globex-policies")]
    [InlineData("+acl_allow:*")]
    [InlineData("acl_allow:group\\:finance OR zqtravel")]
    [InlineData("tenant:globex zqtravel")]
    [InlineData("*:* zqtravel")]
    [InlineData("zqtravel OR acl_deny:*")]
    public async Task CraftedQueries_OnAclAndDomainFields_NeverWidenResults(string query)
    {
        await using var world = await TwoTenants.StartAsync();
        var allowed = world.Expected["bob"].Select(name => world.Ids[name]).ToHashSet(StringComparer.Ordinal);
        using var http = world.Client(world.Keys["bob"]);

        using var searched = await ApiClient.PostJsonAsync(http, "/api/search", new { query, limit = 100 });

        // A query the parser refuses is a 400; one it takes finds only what bob may see.
        if ((int)searched.StatusCode == 400)
        {
            await ApiClient.ReadProblemAsync(searched, 400, "invalid_query");
            return;
        }

        var result = await ApiClient.ReadJsonAsync(searched.EnsureSuccessStatusCode());
        Assert.Subset(allowed, DocumentIds(result.GetProperty("hits")).ToHashSet(StringComparer.Ordinal));
        Assert.True(result.GetProperty("total_hits").GetInt32() <= allowed.Count, query);
    }

    [Fact]
    public async Task AnotherTenantsTargets_ForItsAdministrator_AnswerLikeMissingOnes()
    {
        await using var world = await TwoTenants.StartAsync();
        using var carol = world.Client(world.Keys["carol"]);
        var acmeRun = (await world.Knowledge.ListRunsAsync(100, "acme", Token))[0].Id;
        var acmeSource = world.SourcesOf("acme-policies").First();

        using var upload = await ApiClient.UploadAsync(carol, "acme-policies", ("intrude.txt", "闯入的内容。"u8.ToArray()));
        using var uploadMissing = await ApiClient.UploadAsync(carol, "globex-new", ("fresh.txt", "新领域的内容。"u8.ToArray()));
        using var acl = await carol.PutAsync("/api/acl/domain/acme-policies", JsonContent(new { allow = new[] { "*" } }), Token);
        using var aclMissing = await carol.PutAsync("/api/acl/domain/nosuch", JsonContent(new { allow = new[] { "*" } }), Token);
        using var aclDocument = await carol.GetAsync($"/api/acl/document/{world.Ids["acme-finance"]}", Token);
        using var removeDomain = await carol.DeleteAsync("/api/domains/acme-policies", Token);
        using var run = await carol.GetAsync($"/api/runs/{acmeRun}", Token);
        using var sync = await carol.PostAsync($"/api/sources/{acmeSource}/sync", null, Token);
        using var source = await carol.DeleteAsync($"/api/sources/{acmeSource}", Token);
        using var deleteDocument = await carol.DeleteAsync($"/api/documents/{world.Ids["acme-public"]}", Token);
        using var taken = await ApiClient.PostJsonAsync(carol, "/api/domains", new { name = "acme-policies", kind = "enterprise" });
        using var audit = await carol.GetAsync("/api/audit?limit=1000", Token);

        await ApiClient.ReadProblemAsync(upload, 404, "not_found");
        Assert.Equal(201, (int)uploadMissing.StatusCode);
        var aclDetail = (await ApiClient.ReadProblemAsync(acl, 404, "not_found")).GetProperty("detail").GetString();
        var aclMissingDetail = (await ApiClient.ReadProblemAsync(aclMissing, 404, "not_found")).GetProperty("detail").GetString();
        Assert.Equal(aclMissingDetail!.Replace("nosuch", "acme-policies", StringComparison.Ordinal), aclDetail);
        await ApiClient.ReadProblemAsync(aclDocument, 404, "not_found");
        await ApiClient.ReadProblemAsync(removeDomain, 404, "not_found");
        await ApiClient.ReadProblemAsync(run, 404, "not_found");
        await ApiClient.ReadProblemAsync(sync, 404, "not_found");
        await ApiClient.ReadProblemAsync(source, 404, "not_found");
        await ApiClient.ReadProblemAsync(deleteDocument, 404, "not_found");
        Assert.Contains("unique in the installation", (await ApiClient.ReadProblemAsync(taken, 400, "invalid_argument")).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Nothing of acme changed; the new domain is globex's; globex's administrator reads only globex's audit entries.
        var domains = (await world.Knowledge.ListDomainsAsync(Token)).ToDictionary(d => d.Domain.Name, d => d.Domain.Tenant, StringComparer.Ordinal);
        Assert.Equal(("acme", "globex"), (domains["acme-policies"], domains["globex-new"]));
        Assert.Equal(5, (await world.Knowledge.ListDocumentsAsync(Principal.Create("acme", "root", [], PrincipalRole.Admin), "acme-policies", 0, 100, Token)).Total);
        Assert.All((await ApiClient.ReadJsonAsync(audit.EnsureSuccessStatusCode())).GetProperty("entries").EnumerateArray(), e => Assert.Equal("globex", e.GetProperty("tenant").GetString()));
    }

    [Fact]
    public async Task IdentityEndpoints_AdminManagesOnlyTheirTenant_OthersAreRefusedAndAudited()
    {
        await using var world = await TwoTenants.StartAsync();
        using var carol = world.Client(world.Keys["carol"]);
        using var alice = world.Client(world.Keys["alice"]);

        using var users = await carol.GetAsync("/api/users", Token);
        using var addUser = await ApiClient.PostJsonAsync(carol, "/api/users", new { name = "dave", role = "reader", groups = new[] { "ops" } });
        using var groups = await carol.GetAsync("/api/groups", Token);
        using var addGroup = await ApiClient.PostJsonAsync(carol, "/api/groups", new { name = "audit" });
        using var issued = await ApiClient.PostJsonAsync(carol, "/api/keys", new { user = "dave", scopes = new[] { "read" }, expires_days = 30 });
        var key = await ApiClient.ReadJsonAsync(issued);
        using var keys = await carol.GetAsync("/api/keys", Token);
        using var revokeOther = await carol.DeleteAsync($"/api/keys/{world.KeyIds["alice"]}", Token);
        using var removeOther = await carol.DeleteAsync("/api/users/alice", Token);
        using var readerTries = await alice.GetAsync("/api/users", Token);

        Assert.Equal(["carol"], (await ApiClient.ReadJsonAsync(users)).GetProperty("users").EnumerateArray().Select(u => u.GetProperty("name").GetString()));
        var dave = await ApiClient.ReadJsonAsync(addUser.EnsureSuccessStatusCode());
        Assert.Equal(("globex", "reader"), (dave.GetProperty("tenant").GetString(), dave.GetProperty("role").GetString()));
        Assert.Equal(["ops"], (await ApiClient.ReadJsonAsync(groups)).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(201, (int)addGroup.StatusCode);
        Assert.Equal(201, (int)issued.StatusCode);
        var keyText = key.GetProperty("key").GetString()!;
        Assert.StartsWith("hy_", keyText, StringComparison.Ordinal);
        var keysText = await keys.Content.ReadAsStringAsync(Token);
        Assert.DoesNotContain(keyText, keysText, StringComparison.Ordinal);
        Assert.All((await ApiClient.ReadJsonAsync(keys)).GetProperty("keys").EnumerateArray(), k => Assert.Equal("globex", k.GetProperty("tenant").GetString()));
        await ApiClient.ReadProblemAsync(revokeOther, 404, "not_found");
        await ApiClient.ReadProblemAsync(removeOther, 404, "not_found");
        await ApiClient.ReadProblemAsync(readerTries, 403, "forbidden");

        // The issued key works at once, as its user of globex.
        using var daveClient = world.Client(keyText);
        using var daveSearch = await ApiClient.PostJsonAsync(daveClient, "/api/search", new { query = Word });
        Assert.Equal([world.Ids["globex-public"]], DocumentIds((await ApiClient.ReadJsonAsync(daveSearch.EnsureSuccessStatusCode())).GetProperty("hits")));
        Assert.Null((await world.Knowledge.ListApiKeysAsync("acme", "alice", Token)).Single().Revoked);
        Assert.NotNull(await world.Knowledge.GetUserAsync("acme", "alice", Token));

        var entries = await world.Knowledge.Audit.SearchAsync(new AuditQuery { Limit = 50 }, Token);
        Assert.Contains(entries, e => e.Action == AuditActions.UserAdd && e.UserId == "carol" && e.Tenant == "globex" && e.Target == "user:dave");
        Assert.Contains(entries, e => e.Action == AuditActions.KeyAdd && e.UserId == "carol" && !e.Detail.Contains(keyText, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Action == AuditActions.KeyRevoke && e.UserId == "carol" && e.Outcome == "failed");
        Assert.Contains(entries, e => e.Action == AuditActions.UserAdd && e.UserId == "alice" && e.Outcome == "denied");
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static void AssertCitesOnly(string[] expected, string[] cited, string user)
    {
        Assert.NotEmpty(cited);
        Assert.True(cited.All(expected.Contains), $"{user} was cited {string.Join(", ", cited)}; may see only {string.Join(", ", expected)}");
    }

    private static void AssertMentionsNone(string text, TwoTenants world, IReadOnlySet<string> allowed)
    {
        foreach (var (name, code) in world.Codes.Where(c => !allowed.Contains(c.Key)))
        {
            Assert.DoesNotContain(code, text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(name));
        }
    }

    private static string[] DocumentIds(JsonElement items, string property = "document_id") =>
        [.. items.EnumerateArray().Select(item => item.GetProperty(property).GetString()!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static JsonElement Raw<T>(T model)
        where T : IPersistableModel<T>
    {
        using var document = JsonDocument.Parse(ModelReaderWriter.Write(model, ModelReaderWriterOptions.Json).ToString());
        return document.RootElement.Clone();
    }

    private static async Task<McpClient> ConnectMcpAsync(string url, string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(url + "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, cancellationToken: Token);
    }

    private static async Task<JsonElement> RunCliAsync(TwoTenants world, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HunyuCli.RunAsync([.. args, "--data", world.CliData], output, error, Token);
        Assert.True(exit == 0, $"hunyu {string.Join(' ', args.Take(2))} exited {exit}: {error}");
        using var document = JsonDocument.Parse(output.ToString());
        return document.RootElement.Clone();
    }

    /// <summary>
    /// A live server with two tenants. acme (domain acme-policies): alice (reader, group finance), bob (reader, group
    /// sales), documents for everyone, for finance, for bob by name, for everyone but sales, and one an administrator's
    /// rule restricts to finance. globex (domain globex-policies): carol (administrator) and one public document. The
    /// default tenant keeps the server's sample handbook. Every document holds <see cref="Word"/> and a code of its own.
    /// </summary>
    private sealed class TwoTenants : IAsyncDisposable
    {
        private static readonly (string Name, string Domain, Acl Acl)[] Documents =
        [
            ("acme-public", "acme-policies", Acl.Public),
            ("acme-finance", "acme-policies", new Acl(["group:finance"], [])),
            ("acme-bob", "acme-policies", new Acl(["user:bob"], [])),
            ("acme-nosales", "acme-policies", new Acl(["*"], ["group:sales"])),
            ("acme-ruled", "acme-policies", Acl.Public),
            ("globex-public", "globex-policies", Acl.Public),
        ];

        private readonly LiveServer _server;
        private readonly string _source;
        private readonly Dictionary<string, HashSet<string>> _sources = new(StringComparer.Ordinal);

        private TwoTenants(LiveServer server, string source, string cliData)
        {
            _server = server;
            _source = source;
            CliData = cliData;
        }

        public string Url => _server.Url;

        public Hosting.KnowledgeBase Knowledge => _server.Knowledge;

        /// <summary>A data folder of its own for the CLI, which in client mode never opens it.</summary>
        public string CliData { get; }

        /// <summary>Document id by document name.</summary>
        public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);

        /// <summary>The code word only that document holds, by document name.</summary>
        public Dictionary<string, string> Codes { get; } = new(StringComparer.Ordinal);

        /// <summary>Each user's API key.</summary>
        public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>Each user's API key id.</summary>
        public Dictionary<string, string> KeyIds { get; } = new(StringComparer.Ordinal);

        /// <summary>What each user may see, by document name: the oracle every surface is held to.</summary>
        public Dictionary<string, IReadOnlySet<string>> Expected { get; } = new(StringComparer.Ordinal)
        {
            ["alice"] = new HashSet<string>(["acme-public", "acme-finance", "acme-nosales", "acme-ruled"], StringComparer.Ordinal),
            ["bob"] = new HashSet<string>(["acme-public", "acme-bob"], StringComparer.Ordinal),
            ["carol"] = new HashSet<string>(["globex-public"], StringComparer.Ordinal),
        };

        public static async Task<TwoTenants> StartAsync()
        {
            var server = await LiveServer.StartAsync();
            var world = new TwoTenants(server, TestDirectories.Create(), TestDirectories.Create());
            try
            {
                await world.SetUpAsync();
                return world;
            }
            catch
            {
                await world.DisposeAsync();
                throw;
            }
        }

        public static string DomainOf(string user) => user == "carol" ? "globex-policies" : "acme-policies";

        public IReadOnlySet<string> SourcesOf(string domain) => _sources[domain];

        public HttpClient Client(string key)
        {
            var client = new HttpClient { BaseAddress = new Uri(Url) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            await _server.DisposeAsync();
            TestDirectories.Delete(_source);
            TestDirectories.Delete(CliData);
        }

        private async Task SetUpAsync()
        {
            var knowledge = _server.Knowledge;
            var acmeAdmin = Principal.Create("acme", "root", [], PrincipalRole.Admin);
            var globexAdmin = Principal.Create("globex", "root", [], PrincipalRole.Admin);
            await knowledge.SaveDomainAsync("acme-policies", DomainKind.Enterprise, tenant: "acme", cancellationToken: Token);
            await knowledge.SaveDomainAsync("globex-policies", DomainKind.Enterprise, tenant: "globex", cancellationToken: Token);
            foreach (var (name, domain, acl) in Documents)
            {
                var code = "zq" + name.Replace("-", string.Empty, StringComparison.Ordinal);
                Codes[name] = code;
                var folder = Path.Combine(_source, name);
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, name + ".txt"), $"差旅政策\n\n{Word} 差旅住宿标准：出差住宿按城市分级报销，编号 {code} 。\n", Token);
                using (AuditCaller.Use(new AuditCaller(domain == "acme-policies" ? acmeAdmin : globexAdmin, "test")))
                {
                    var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder, Domain = domain, Acl = acl }, cancellationToken: Token);
                    Assert.Equal(1, result.Report.Added);
                    if (!_sources.TryGetValue(domain, out var sources))
                    {
                        _sources[domain] = sources = new HashSet<string>(StringComparer.Ordinal);
                    }

                    sources.Add(result.Source.Id);
                }
            }

            foreach (var document in (await knowledge.ListDocumentsAsync(acmeAdmin, null, 0, 100, Token)).Documents
                .Concat((await knowledge.ListDocumentsAsync(globexAdmin, null, 0, 100, Token)).Documents))
            {
                Ids[Path.GetFileNameWithoutExtension(document.Key)] = document.Id;
            }

            using (AuditCaller.Use(new AuditCaller(acmeAdmin, "test")))
            {
                await knowledge.SetAclAsync(new AclTarget(AclTargetKind.Document, Ids["acme-ruled"]), new Acl(["group:finance"], []), Token);
            }

            await knowledge.SaveUserAsync("acme", "alice", PrincipalRole.Reader, ["finance"], Token);
            await knowledge.SaveUserAsync("acme", "bob", PrincipalRole.Reader, ["sales"], Token);
            await knowledge.SaveUserAsync("globex", "carol", PrincipalRole.Admin, cancellationToken: Token);
            foreach (var (tenant, user, scopes) in new[] { ("acme", "alice", "read"), ("acme", "bob", "read"), ("globex", "carol", "admin") })
            {
                var issued = await knowledge.AddApiKeyAsync(tenant, user, [scopes], cancellationToken: Token);
                Keys[user] = issued.Key;
                KeyIds[user] = issued.Info.Id;
            }
        }
    }
}
