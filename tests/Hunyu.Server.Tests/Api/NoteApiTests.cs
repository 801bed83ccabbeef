using System.Net;
using System.Net.Http.Json;

namespace Hunyu.Server.Tests.Api;

public sealed class NoteApiTests
{
    [Fact]
    public async Task Notes_AddSearchEditDelete_RoundTrip()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var added = await ApiClient.PostJsonAsync(client, "/api/notes", new { title = "供应商", text = "zqvendor 联系人是王经理" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var note = await ApiClient.ReadJsonAsync(added);
        var id = note.GetProperty("id").GetString()!;
        Assert.Equal($"/api/notes/{id}", added.Headers.Location!.OriginalString);

        using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "zqvendor" });
        var hit = (await ApiClient.ReadJsonAsync(search)).GetProperty("hits")[0];
        Assert.Equal(note.GetProperty("document_id").GetString(), hit.GetProperty("document_id").GetString());
        Assert.Equal(note.GetProperty("domain").GetString(), hit.GetProperty("domain").GetString());

        using var edited = await client.PutAsJsonAsync($"/api/notes/{id}", new { text = "zqvendor 联系人改为李经理" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("供应商", (await ApiClient.ReadJsonAsync(edited)).GetProperty("title").GetString());

        using var list = await client.GetAsync(new Uri("/api/notes", UriKind.Relative));
        Assert.Equal(1, (await ApiClient.ReadJsonAsync(list)).GetProperty("count").GetInt32());

        using var deleted = await client.DeleteAsync(new Uri($"/api/notes/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await client.GetAsync(new Uri($"/api/notes/{id}", UriKind.Relative));
        await ApiClient.ReadProblemAsync(gone, 404, "not_found");
    }

    [Fact]
    public async Task Notes_SameUserNameInTwoTenants_EachWritesAndSearchesOnlyTheirOwn()
    {
        var tokens = new Identity.Tokens();
        await using var app = new HunyuApp(tokens.Settings);
        using var acme = app.CreateClient();
        using var globex = app.CreateClient();
        acme.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.Create("alice", role: "editor", tenant: "acme"));
        globex.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.Create("alice", role: "editor", tenant: "globex"));

        using var acmeAdded = await ApiClient.PostJsonAsync(acme, "/api/notes", new { text = "zqshared acme 的供应商 zqacme" });
        using var globexAdded = await ApiClient.PostJsonAsync(globex, "/api/notes", new { text = "zqshared globex 的供应商 zqglobex" });
        var acmeNote = await ApiClient.ReadJsonAsync(acmeAdded);
        var globexNote = await ApiClient.ReadJsonAsync(globexAdded);

        Assert.Equal(HttpStatusCode.Created, acmeAdded.StatusCode);
        Assert.Equal(HttpStatusCode.Created, globexAdded.StatusCode);
        Assert.NotEqual(acmeNote.GetProperty("domain").GetString(), globexNote.GetProperty("domain").GetString());
        foreach (var (client, note) in new[] { (acme, acmeNote), (globex, globexNote) })
        {
            using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "zqshared" });
            var hit = Assert.Single((await ApiClient.ReadJsonAsync(search)).GetProperty("hits").EnumerateArray());
            Assert.Equal(note.GetProperty("document_id").GetString(), hit.GetProperty("document_id").GetString());
            using var list = await client.GetAsync(new Uri("/api/notes", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(note.GetProperty("id").GetString(), (await ApiClient.ReadJsonAsync(list)).GetProperty("notes")[0].GetProperty("id").GetString());
        }

        using var crossRead = await acme.GetAsync(new Uri($"/api/documents/{globexNote.GetProperty("document_id").GetString()}", UriKind.Relative), TestContext.Current.CancellationToken);
        await ApiClient.ReadProblemAsync(crossRead, 404, "not_found");
    }

    [Theory]
    [InlineData("""{"title":"x"}""", 400, "invalid_argument")]
    [InlineData("""{"text":"   "}""", 400, "invalid_argument")]
    public async Task AddNote_WithoutText_IsRefused(string json, int status, string code)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/notes", json);

        await ApiClient.ReadProblemAsync(response, status, code);
    }

    [Fact]
    public async Task GetNote_PathTraversalId_IsNotFound()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/api/notes/..%2F..%2Fhunyu.db", UriKind.Relative));

        await ApiClient.ReadProblemAsync(response, 404, "not_found");
    }
}
