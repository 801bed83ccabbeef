using System.Text.Json;

namespace Hunyu.Server.Tests;

/// <summary>One Server-Sent Event as received: its name (null when unnamed) and its data lines joined.</summary>
internal sealed record ServerSentEvent(string? Name, string Data)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Data);
        return document.RootElement.Clone();
    }

    /// <summary>Reads the whole event stream of <paramref name="response"/>, checking its media type.</summary>
    public static async Task<List<ServerSentEvent>> ReadAllAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var events = new List<ServerSentEvent>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?["event: ".Length..];
            var data = string.Join('\n', lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]));
            events.Add(new ServerSentEvent(name, data));
        }

        return events;
    }
}
