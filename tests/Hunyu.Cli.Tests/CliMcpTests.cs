using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu mcp</c>: the built command launched over stdio by the official MCP SDK client, as a desktop client does.</summary>
public sealed class CliMcpTests
{
    [Fact]
    public async Task Mcp_OverStdio_ListsAndCallsEachTool()
    {
        using var folder = new TestFolder();
        var samples = folder.CopySamples();
        (await Cli.RunAsync(folder, "ingest", Path.Combine(samples, "handbook"), "--domain", "hr")).AssertSuccess();
        await using var client = await ConnectAsync(folder);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["ask", "get_document", "search"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));

        var searched = await CallAsync(client, "search", new { query = "年假", domains = new[] { "hr" }, limit = 3 });
        var hit = Structured(searched).GetProperty("hits")[0];
        Assert.Equal("hr", hit.GetProperty("domain").GetString());
        var documentId = hit.GetProperty("document_id").GetString()!;

        var answer = Structured(await CallAsync(client, "ask", new { question = "入职满一年的员工有几天年假？" }));
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Contains("[1]", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(answer.GetProperty("citations").EnumerateArray());

        var document = Structured(await CallAsync(client, "get_document", new { id = documentId }));
        Assert.Equal(documentId, document.GetProperty("document").GetProperty("id").GetString());
        Assert.Contains("年假", document.GetProperty("text").GetString(), StringComparison.Ordinal);

        var refused = await CallAsync(client, "search", new { query = "年假", limit = 0 });
        Assert.True(refused.IsError);
        Assert.StartsWith("invalid_argument: limit: 0", TextOf(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mcp_AsANarrowerUser_DoesNotSeeTheAdministratorsNotes()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "notes", "add", "zqadminsecret 机房门禁密码 2468", "--title", "门禁")).AssertSuccess();
        await using (var admin = await ConnectAsync(folder))
        {
            var hits = Structured(await CallAsync(admin, "search", new { query = "zqadminsecret" })).GetProperty("hits");
            Assert.Equal(1, hits.GetArrayLength());
        }

        await using var bob = await ConnectAsync(folder, "--user", "bob", "--group", "staff");
        Assert.Equal(0, Structured(await CallAsync(bob, "search", new { query = "zqadminsecret" })).GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task Mcp_WithAGroupButNoUser_IsRefused()
    {
        using var folder = new TestFolder();

        var result = await Cli.RunAsync(folder, "mcp", "--group", "staff");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error [invalid_argument]: --group: needs --user; the local administrator has no groups", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("--user", "bob smith")]
    [InlineData("--group", "staff;admin")]
    public async Task Mcp_NameOutsideTheIdentityRule_IsRefused(string option, string name)
    {
        using var folder = new TestFolder();
        string[] args = option == "--user" ? ["mcp", "--user", name] : ["mcp", "--user", "bob", "--group", name];

        var result = await Cli.RunAsync(folder, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error [invalid_argument]: {option} '{name}': {Hunyu.Core.Identity.IdentityNames.Rule}", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Output);
    }

    private static async Task<McpClient> ConnectAsync(TestFolder folder, params string[] options)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "hunyu",
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Arguments = [BuiltCli.Assembly(), "mcp", "--data", folder.Data, .. options],
            // The server's log: shown with the test's output, never mixed into the protocol on stdout.
            StandardErrorLines = line => TestContext.Current.TestOutputHelper?.WriteLine(line),
        });
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, object arguments) =>
        await client.CallToolAsync(tool, JsonSerializer.SerializeToElement(arguments).Deserialize<Dictionary<string, object?>>(), cancellationToken: TestContext.Current.CancellationToken);

    private static JsonElement Structured(CallToolResult result)
    {
        Assert.True(result.IsError is not true, TextOf(result));
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    private static string TextOf(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
}
