using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Hunyu.Server.Tests.Api;

public sealed class DocumentApiTests
{
    [Fact]
    public async Task Upload_MarkdownFile_Returns201WithSummaryAndDocumentId()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiClient.ReadJsonAsync(response);
        Assert.Equal(1, body.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, body.GetProperty("failed").GetInt32());
        var file = Assert.Single(body.GetProperty("files").EnumerateArray());
        Assert.Equal(201, file.GetProperty("status").GetInt32());
        Assert.Equal(Samples.HandbookName, file.GetProperty("saved_as").GetString());
        Assert.Equal("handbook", file.GetProperty("domain").GetString());
        Assert.Equal(1, file.GetProperty("added").GetInt32());
        Assert.True(file.GetProperty("chunks").GetInt32() >= 1);
        Assert.Equal(Samples.Handbook.Length, file.GetProperty("bytes").GetInt64());
        var document = Assert.Single(file.GetProperty("documents").EnumerateArray());
        Assert.Equal(Samples.HandbookName, document.GetProperty("key").GetString());
        var id = document.GetProperty("id").GetString()!;
        Assert.Equal($"/api/documents/{id}", response.Headers.Location?.OriginalString);
        Assert.True(File.Exists(Path.Combine(app.UploadsDirectory, "handbook", Samples.HandbookName)));
    }

    [Fact]
    public async Task Upload_SameFileTwice_ReportsUnchangedThenUpdated()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Notes))).Dispose();

        using var again = await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Notes));
        using var changed = await ApiClient.UploadAsync(client, null, (Samples.NotesName, Encoding.UTF8.GetBytes("机房已搬迁至苏州工业园区。")));

        var unchanged = (await ApiClient.ReadJsonAsync(again)).GetProperty("files")[0];
        Assert.Equal(1, unchanged.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, unchanged.GetProperty("added").GetInt32());
        var updated = (await ApiClient.ReadJsonAsync(changed)).GetProperty("files")[0];
        Assert.Equal(1, updated.GetProperty("updated").GetInt32());
        Assert.Equal(unchanged.GetProperty("documents")[0].GetProperty("id").GetString(), updated.GetProperty("documents")[0].GetProperty("id").GetString());
        using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "苏州工业园区" });
        Assert.NotEmpty((await ApiClient.ReadJsonAsync(search)).GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public async Task Upload_CorruptPdf_Returns422ProblemNamingTheFileAndKeepsNothing()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, ("季度报告.pdf", Samples.Junk()));

        var problem = await ApiClient.ReadProblemAsync(response, 422, "corrupt_input");
        Assert.Contains("季度报告.pdf", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.UploadsDirectory, "default", "季度报告.pdf")));
        Assert.Empty(Directory.EnumerateFiles(app.UploadsDirectory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Upload_CorruptPdfBesideGoodFile_Returns207AndIngestsTheGoodOne()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, ("季度报告.pdf", Samples.Junk()), (Samples.HandbookName, Samples.Handbook));

        Assert.Equal(207, (int)response.StatusCode);
        var body = await ApiClient.ReadJsonAsync(response);
        Assert.Equal(1, body.GetProperty("succeeded").GetInt32());
        Assert.Equal(1, body.GetProperty("failed").GetInt32());
        var bad = body.GetProperty("files")[0];
        Assert.Equal("季度报告.pdf", bad.GetProperty("file_name").GetString());
        Assert.Equal(422, bad.GetProperty("status").GetInt32());
        Assert.Equal("corrupt_input", bad.GetProperty("code").GetString());
        Assert.Contains("季度报告.pdf", bad.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var good = body.GetProperty("files")[1];
        Assert.Equal(201, good.GetProperty("status").GetInt32());
        Assert.True(good.GetProperty("succeeded").GetBoolean());

        using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "差旅报销" });
        Assert.NotEmpty((await ApiClient.ReadJsonAsync(search)).GetProperty("hits").EnumerateArray());
        Assert.False(File.Exists(Path.Combine(app.UploadsDirectory, "default", "季度报告.pdf")));
    }

    [Fact]
    public async Task Upload_FailedReplacement_KeepsTheEarlierFileAndDocument()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Notes))).Dispose();

        using var response = await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Junk()));

        await ApiClient.ReadProblemAsync(response, 422, "corrupt_input");
        var saved = Path.Combine(app.UploadsDirectory, "default", Samples.NotesName);
        Assert.Equal(Samples.Notes, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "机房温度" });
        Assert.NotEmpty((await ApiClient.ReadJsonAsync(search)).GetProperty("hits").EnumerateArray());
    }

    [Theory]
    [InlineData("C:\\windows\\win.ini.txt", "win.ini.txt")]
    [InlineData("/abs/path/notes.md", "notes.md")]
    public async Task Upload_NameWithFolders_IsSavedInsideTheUploadsFolder(string clientName, string savedName)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, (clientName, Samples.Notes));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = (await ApiClient.ReadJsonAsync(response)).GetProperty("files")[0];
        Assert.Equal(clientName, file.GetProperty("file_name").GetString());
        Assert.Equal(savedName, file.GetProperty("saved_as").GetString());
        var everyFile = Directory.EnumerateFiles(app.DataDirectory, savedName, SearchOption.AllDirectories).ToList();
        Assert.Equal(Path.Combine(app.UploadsDirectory, "default", savedName), Assert.Single(everyFile));
    }

    [Theory]
    [InlineData("../../etc/passwd.txt")]
    [InlineData("..\\..\\windows\\win.ini.txt")]
    public async Task Upload_NameThatClimbsOutOfItsFolder_Returns400SavesNothingAndIsAudited(string clientName)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, (clientName, Samples.Notes));

        var problem = await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
        Assert.Contains("would leave the uploads folder", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(app.UploadsDirectory) && Directory.EnumerateFiles(app.UploadsDirectory, "*", SearchOption.AllDirectories).Any());
        var refused = Assert.Single(await RefusalsAsync(app));
        Assert.Equal(("upload:default", "denied"), (refused.Target, refused.Outcome));
        Assert.Contains("file_name", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_NameWithNothingLeft_Returns400()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, ("../..", Samples.Notes));

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
        Assert.False(Directory.Exists(Path.Combine(app.UploadsDirectory, "default")) && Directory.EnumerateFiles(Path.Combine(app.UploadsDirectory, "default")).Any());
    }

    [Fact]
    public async Task Upload_UnsupportedExtension_Returns415BeforeSaving()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, ("setup.exe", Samples.Junk()));

        var problem = await ApiClient.ReadProblemAsync(response, 415, "unsupported_format");
        Assert.Contains("setup.exe", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(".md", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(app.UploadsDirectory) && Directory.EnumerateFiles(app.UploadsDirectory, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Upload_EmptyFile_Returns422EmptyInput()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, ("空.txt", []));

        await ApiClient.ReadProblemAsync(response, 422, "empty_input");
    }

    [Theory]
    [InlineData("../secrets")]
    [InlineData("Upper")]
    public async Task Upload_InvalidDomain_Returns400(string domain)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, domain, (Samples.NotesName, Samples.Notes));

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
        Assert.False(Directory.Exists(app.UploadsDirectory));
    }

    [Fact]
    public async Task Upload_NoFile_Returns400()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, "handbook");

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }

    [Fact]
    public async Task Upload_JsonInsteadOfForm_Returns415Problem()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/documents", new { file = "a.md" });

        await ApiClient.ReadProblemAsync(response, 415, "unsupported_format");
    }

    [Fact]
    public async Task Upload_OverTheUploadLimit_Returns413TooLarge()
    {
        await using var app = new HunyuApp(("Hunyu:Server:MaxUploadBytes", "4096"));
        using var client = app.CreateClient();

        using var response = await ApiClient.UploadAsync(client, null, ("big.txt", Encoding.UTF8.GetBytes(new string('年', 4096))));

        var problem = await ApiClient.ReadProblemAsync(response, 413, "too_large");
        Assert.Contains("Hunyu:Server:MaxUploadBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(app.UploadsDirectory) && Directory.EnumerateFiles(app.UploadsDirectory, "*", SearchOption.AllDirectories).Any());
        var refused = Assert.Single(await RefusalsAsync(app));
        Assert.Equal(("POST /api/documents", "denied", "too_large"), (refused.Target, refused.Outcome, refused.Code));
    }

    [Fact]
    public async Task Upload_LargerThanTheJsonLimit_IsAccepted()
    {
        await using var app = new HunyuApp(("Hunyu:Server:MaxJsonBodyBytes", "2048"));
        using var client = app.CreateClient();
        var text = string.Concat(Enumerable.Repeat("机房温度常年保持在二十二摄氏度。\n", 400));

        using var response = await ApiClient.UploadAsync(client, null, ("机房.txt", Encoding.UTF8.GetBytes(text)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Upload_FromAnotherOrigin_Returns403AndSavesNothing()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Samples.Notes), "file", Samples.NotesName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = form };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 403, "cross_origin_forbidden");
        Assert.Equal("cross_origin_forbidden", Assert.Single(await RefusalsAsync(app)).Code);
        Assert.False(Directory.Exists(app.UploadsDirectory));
    }

    [Fact]
    public async Task Upload_FromTheSameOrigin_IsAccepted()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Samples.Notes), "file", Samples.NotesName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = form };
        request.Headers.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ListDocuments_TotalAndPages_CountOnlyWhatTheCallerMaySee()
    {
        var tokens = new Identity.Tokens();
        await using var app = new HunyuApp(tokens.Settings);
        using var ann = Client(app, tokens.Create("ann", role: "admin"));
        using var alice = Client(app, tokens.Create("alice", ["ops"]));
        using var bob = Client(app, tokens.Create("bob"));
        using var carol = Client(app, tokens.Create("carol", role: "editor"));
        (await ApiClient.UploadAsync(ann, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        (await ApiClient.UploadAsync(ann, "ops", (Samples.NotesName, Samples.Notes))).Dispose();
        using (var rule = await ann.PutAsync("/api/acl/domain/ops", new StringContent("""{"allow": ["group:ops"]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, rule.StatusCode);
        }

        (await ApiClient.PostJsonAsync(carol, "/api/notes", new { text = "zqcarol 的私人笔记" })).Dispose();

        var alicePages = new[] { await ListAsync(alice, "limit=1"), await ListAsync(alice, "offset=1&limit=1") };
        var bobAll = await ListAsync(bob, "limit=10");
        var bobOps = await ListAsync(bob, "domain=ops");
        var carolAll = await ListAsync(carol, "limit=10");
        var annAll = await ListAsync(ann, "limit=10");

        // alice sees both shared documents, one per page; bob only the handbook, and learns nothing of ops.
        Assert.All(alicePages, page => Assert.Equal((1, 2), (page.GetProperty("count").GetInt32(), page.GetProperty("total").GetInt32())));
        Assert.Equal(["handbook", "ops"], alicePages.Select(p => p.GetProperty("documents")[0].GetProperty("domain").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal((1, 1), (bobAll.GetProperty("count").GetInt32(), bobAll.GetProperty("total").GetInt32()));
        Assert.Equal("handbook", bobAll.GetProperty("documents")[0].GetProperty("domain").GetString());
        Assert.Equal((0, 0), (bobOps.GetProperty("count").GetInt32(), bobOps.GetProperty("total").GetInt32()));

        // A personal domain is its owner's alone, administrators included.
        Assert.Equal(2, carolAll.GetProperty("total").GetInt32());
        Assert.Contains(carolAll.GetProperty("documents").EnumerateArray(), d => d.GetProperty("domain").GetString()!.StartsWith("notes-", StringComparison.Ordinal));
        Assert.Equal(2, annAll.GetProperty("total").GetInt32());
        Assert.DoesNotContain(annAll.GetProperty("documents").EnumerateArray(), d => d.GetProperty("domain").GetString()!.StartsWith("notes-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListDocuments_AfterUploads_ReturnsThemByDomain()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        (await ApiClient.UploadAsync(client, "ops", (Samples.NotesName, Samples.Notes))).Dispose();

        using var all = await client.GetAsync("/api/documents", TestContext.Current.CancellationToken);
        using var ops = await client.GetAsync("/api/documents?domain=ops&offset=0&limit=10", TestContext.Current.CancellationToken);

        var allBody = await ApiClient.ReadJsonAsync(all);
        Assert.Equal(2, allBody.GetProperty("count").GetInt32());
        Assert.Equal(2, allBody.GetProperty("total").GetInt32());
        var opsBody = await ApiClient.ReadJsonAsync(ops);
        var document = Assert.Single(opsBody.GetProperty("documents").EnumerateArray());
        Assert.Equal("ops", document.GetProperty("domain").GetString());
        Assert.Equal(Samples.NotesName, document.GetProperty("key").GetString());
        Assert.Equal(1, document.GetProperty("version").GetInt32());
        Assert.Equal("*", document.GetProperty("acl").GetProperty("allow")[0].GetString());
        Assert.Equal(10, opsBody.GetProperty("limit").GetInt32());
    }

    [Theory]
    [InlineData("/api/documents?offset=-1")]
    [InlineData("/api/documents?limit=0")]
    [InlineData("/api/documents?limit=abc")]
    [InlineData("/api/documents?domain=..%2Fx")]
    public async Task ListDocuments_InvalidQuery_Returns400(string url)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }

    [Fact]
    public async Task GetDocument_Uploaded_ReturnsIt()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        using var upload = await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook));

        using var response = await client.GetAsync(upload.Headers.Location, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ApiClient.ReadJsonAsync(response);
        Assert.Equal("员工手册", document.GetProperty("title").GetString());
        Assert.Equal("default", document.GetProperty("domain").GetString());
        Assert.Equal(64, document.GetProperty("content_hash").GetString()!.Length);
        Assert.StartsWith("file://", document.GetProperty("uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDocument_Unknown_Returns404WithCode()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/documents/0123456789abcdef", TestContext.Current.CancellationToken);

        var problem = await ApiClient.ReadProblemAsync(response, 404, "not_found");
        Assert.Contains("0123456789abcdef", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteDocument_Uploaded_Returns204AndSearchNoLongerFindsIt()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        using var upload = await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Notes), (Samples.HandbookName, Samples.Handbook));
        var notesId = (await ApiClient.ReadJsonAsync(upload)).GetProperty("files")[0].GetProperty("documents")[0].GetProperty("id").GetString();

        using var deleted = await client.DeleteAsync($"/api/documents/{notesId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "机房温度" });
        Assert.DoesNotContain((await ApiClient.ReadJsonAsync(search)).GetProperty("hits").EnumerateArray(), hit => hit.GetProperty("document_id").GetString() == notesId);
        using var get = await client.GetAsync($"/api/documents/{notesId}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.False(File.Exists(Path.Combine(app.UploadsDirectory, "default", Samples.NotesName)));
        Assert.True(File.Exists(Path.Combine(app.UploadsDirectory, "default", Samples.HandbookName)));
        using var again = await client.DeleteAsync($"/api/documents/{notesId}", TestContext.Current.CancellationToken);
        await ApiClient.ReadProblemAsync(again, 404, "not_found");
    }

    [Fact]
    public async Task Upload_RecordFile_ListsEachRecordDocument()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        var lines = """
            {"id": "r1", "title": "年假", "text": "员工每年享有十五天带薪年假。"}
            {"id": "r2", "title": "报销", "text": "差旅费用须在三十日内报销。"}
            """;

        using var response = await ApiClient.UploadAsync(client, null, ("policies.jsonl", Encoding.UTF8.GetBytes(lines)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = (await ApiClient.ReadJsonAsync(response)).GetProperty("files")[0];
        Assert.Equal(2, file.GetProperty("document_count").GetInt32());
        var keys = file.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("key").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, key => Assert.StartsWith("policies.jsonl#", key, StringComparison.Ordinal));
    }

    private static Task<IReadOnlyList<Core.Audit.AuditRecord>> RefusalsAsync(HunyuApp app) =>
        app.Services.GetRequiredService<Hosting.KnowledgeBase>().Audit.SearchAsync(new Core.Audit.AuditQuery { Action = Core.Audit.AuditActions.RequestRefused });

    private static HttpClient Client(HunyuApp app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<System.Text.Json.JsonElement> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/api/documents?" + query, UriKind.Relative), TestContext.Current.CancellationToken);
        return await ApiClient.ReadJsonAsync(response.EnsureSuccessStatusCode());
    }
}
