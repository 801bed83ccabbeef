using Hunyu.Core.Search;
using Hunyu.Models.Gateway;
using Hunyu.Models.Grounding;
using Hunyu.Models.Tests.Grounding;
using Hunyu.Tests.Shared;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Tests.Gateway;

/// <summary>
/// Real generation through llama.cpp (LLamaSharp, CPU) with tiny scripted GGUF models the tests write
/// (<see cref="TinyGguf"/>): the factory loads them, they generate their script, and the grounding check judges what they say.
/// </summary>
public sealed class GgufModelTests(GgufModelTests.Models models) : IClassFixture<GgufModelTests.Models>
{
    // The grounding tests' question and passages: the same check, judging what llama.cpp generated.
    private const string Question = GroundedAnswererTests.Question;

    /// <summary>A sentence passage [1] states, citing it, in two pieces (two tokens).</summary>
    private static readonly string[] Script = ["入职满一年的员工每年享有 10 个工作日带薪年假。", "[1]"];

    private static readonly SearchHit[] Evidence = GroundedAnswererTests.Evidence;

    [Fact]
    public async Task Chat_ScriptedModel_LlamaCppGeneratesExactlyTheScriptAndCountsItsTokens()
    {
        var client = models.Cited.Models.Single().Client!;
        ChatMessage[] messages = [new(ChatRole.System, "Answer from the passages."), new(ChatRole.User, Question)];

        var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 1.5f }, TestContext.Current.CancellationToken);
        var streamed = await client.GetStreamingResponseAsync(messages, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(string.Concat(Script), response.Text);
        Assert.Equal(string.Concat(Script), string.Concat(streamed.Select(u => u.Text)));
        // The answer is its two pieces; the prompt is BOS and byte tokens, ~3 per Chinese character.
        Assert.Equal(Script.Length, response.Usage!.OutputTokenCount);
        Assert.InRange(response.Usage.InputTokenCount!.Value, Question.Length * 3, 1000);
        Assert.Equal(response.Usage.InputTokenCount + Script.Length, response.Usage.TotalTokenCount);
        var streamedUsage = Assert.Single(streamed.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(response.Usage.InputTokenCount, streamedUsage.Details.InputTokenCount);
        Assert.Equal(Script.Length, streamedUsage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task AskAsync_GgufModelCitesASupportingPassage_TheGeneratedSentenceIsTheGroundedAnswer()
    {
        var answerer = new GroundedAnswerer(new ModelGateway(models.Cited));

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence }, TestContext.Current.CancellationToken);

        Assert.Equal("入职满一年的员工每年享有 10 个工作日带薪年假。 [1]", result.Answer.Text);
        Assert.Equal("model:edge", result.Answer.Answerer);
        Assert.Equal("handbook:3", Assert.Single(result.Answer.Citations).CitationId);
        Assert.Equal([SupportVerdict.Supported], result.Checks.Select(c => c.Verdict));
        Assert.Equal("edge", result.Decision.Model);
        Assert.Contains("answered by edge", result.Decision.Reasons);
        Assert.Equal(Script.Length, result.Decision.Usage!.CompletionTokens);
    }

    [Theory]
    [InlineData(nameof(Models.Uncited), SupportVerdict.Uncited, "")]
    [InlineData(nameof(Models.Invented), SupportVerdict.InvalidCitation, "rejected citation [9]: there are 3 passage(s)")]
    public async Task AskAsync_GgufModelCitesNothingOrAMissingPassage_RejectedAndTheAnswerIsExtractive(string model, SupportVerdict verdict, string note)
    {
        var registry = model == nameof(Models.Uncited) ? models.Uncited : models.Invented;
        var answerer = new GroundedAnswerer(new ModelGateway(registry));

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence }, TestContext.Current.CancellationToken);

        Assert.Equal(GroundedAnswerer.ExtractiveFallback, result.Answer.Answerer);
        Assert.Equal([verdict], result.Checks.Select(c => c.Verdict));
        Assert.Contains("extractive answer instead: no sentence of the model's answer was supported by the passages it cites", result.Notes);
        if (note.Length > 0)
        {
            Assert.Contains(note, result.Notes);
        }

        Assert.Equal("edge", result.Decision.Model);
        Assert.NotEmpty(result.Answer.Citations);
    }

    /// <summary>Three scripted models, written and loaded once for the class.</summary>
    public sealed class Models : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("hunyu-gguf-").FullName;

        public Models()
        {
            Cited = Load("cited", Script);
            Uncited = Load("uncited", ["入职满一年的员工每年享有 10 个工作日带薪年假。"]);
            Invented = Load("invented", ["入职满一年的员工每年享有 10 个工作日带薪年假。", "[9]"]);
        }

        /// <summary>Answers a sentence passage [1] supports, citing [1].</summary>
        public ModelRegistry Cited { get; }

        /// <summary>Answers the same sentence without a citation.</summary>
        public ModelRegistry Uncited { get; }

        /// <summary>Answers the same sentence citing [9], with three passages given.</summary>
        public ModelRegistry Invented { get; }

        public void Dispose()
        {
            Cited.Dispose();
            Uncited.Dispose();
            Invented.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        private ModelRegistry Load(string name, string[] script)
        {
            var path = Path.Combine(_folder, name + ".gguf");
            TinyGguf.Write(path, script);
            return ModelRegistry.Create([KeyValuePair.Create("edge", new ModelOptions { Provider = ModelProviders.Gguf, ModelPath = path, Location = "edge" })]);
        }
    }
}
