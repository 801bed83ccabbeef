using System.Net;

namespace Hunyu.Server.Tests.Api;

public sealed class AskApiTests
{
    [Fact]
    public async Task Ask_QuestionTheUploadAnswers_ReturnsCitedAnswer()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook), (Samples.NotesName, Samples.Notes))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/ask", new { question = "员工每年有几天带薪年假？" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiClient.ReadJsonAsync(response);
        Assert.False(body.GetProperty("abstained").GetBoolean());
        Assert.Equal("extractive", body.GetProperty("answerer").GetString());
        var answer = body.GetProperty("answer").GetString()!;
        Assert.Contains("[1]", answer, StringComparison.Ordinal);
        Assert.Contains("十五天", answer, StringComparison.Ordinal);
        var citation = body.GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("number").GetInt32());
        Assert.StartsWith(citation.GetProperty("document_id").GetString() + ":", citation.GetProperty("citation_id").GetString(), StringComparison.Ordinal);
        Assert.Equal("员工手册", citation.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(citation.GetProperty("quote").GetString()));
        Assert.Contains(body.GetProperty("hits").EnumerateArray(), hit => hit.GetProperty("citation_id").GetString() == citation.GetProperty("citation_id").GetString());
    }

    [Fact]
    public async Task Ask_WithQueryField_AnswersLikeQuestion()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Notes))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/ask", new { query = "机房温度保持在多少度？", domains = new[] { "default" } });

        var body = await ApiClient.ReadJsonAsync(response);
        Assert.False(body.GetProperty("abstained").GetBoolean());
        Assert.Contains("二十二摄氏度", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UnrelatedQuestion_Abstains()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook), (Samples.NotesName, Samples.Notes))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/ask", new { question = "量子色动力学的渐近自由是什么" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiClient.ReadJsonAsync(response);
        Assert.True(body.GetProperty("abstained").GetBoolean());
        Assert.Empty(body.GetProperty("citations").EnumerateArray());
        Assert.DoesNotContain("[1]", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_EmptyQuestion_Returns400InvalidQuery()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/ask", new { question = " " });

        await ApiClient.ReadProblemAsync(response, 400, "invalid_query");
    }

    [Fact]
    public async Task Ask_QuestionAndQueryDiffer_Returns400InvalidArgument()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/ask", new { question = "年假", query = "报销" });

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }
}
