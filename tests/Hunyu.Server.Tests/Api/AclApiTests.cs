using System.Net;
using System.Net.Http.Json;

namespace Hunyu.Server.Tests.Api;

/// <summary><c>/api/acl/{kind}/{name}</c>: administrators' rules, as <c>hunyu acl</c>.</summary>
public sealed class AclApiTests
{
    [Fact]
    public async Task PutGetDelete_DomainRule_DocumentsFollowIt()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        using var upload = await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook));
        var documentId = (await ApiClient.ReadJsonAsync(upload)).GetProperty("files")[0].GetProperty("documents")[0].GetProperty("id").GetString()!;

        using var put = await client.PutAsJsonAsync("/api/acl/domain/handbook", new { allow = new[] { "group:hr" }, deny = new[] { "user:eve" } });
        var set = await ApiClient.ReadJsonAsync(put);
        using var document = await client.GetAsync($"/api/acl/document/{Uri.EscapeDataString(documentId)}");
        var effective = (await ApiClient.ReadJsonAsync(document)).GetProperty("effective");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("domain:handbook", set.GetProperty("target").GetString());
        Assert.Equal(1, set.GetProperty("documents").GetInt32());
        Assert.Equal("group:hr", effective.GetProperty("allow")[0].GetString());
        Assert.Equal("user:eve", effective.GetProperty("deny")[0].GetString());

        using var delete = await client.DeleteAsync("/api/acl/domain/handbook");
        using var after = await client.GetAsync("/api/acl/domain/handbook");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await ApiClient.ReadJsonAsync(after)).GetProperty("rule").ValueKind);
    }

    [Fact]
    public async Task Put_UnknownTargetOrBadEntry_AreProblems()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var missing = await client.PutAsJsonAsync("/api/acl/domain/nosuch", new { allow = new[] { "group:hr" } });
        using var badKind = await client.GetAsync("/api/acl/folder/x");
        using var badEntry = await client.PutAsJsonAsync("/api/acl/domain/nosuch", new { allow = new[] { "hr" } });

        await ApiClient.ReadProblemAsync(missing, 404, "not_found");
        await ApiClient.ReadProblemAsync(badKind, 400, "invalid_argument");
        await ApiClient.ReadProblemAsync(badEntry, 400, "invalid_argument");
    }
}
