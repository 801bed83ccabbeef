using System.Collections.Concurrent;
using System.Text;
using Hunyu.Models.Gateway;
using Hunyu.Tests.Shared;
using LLama;
using LLama.Common;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Hunyu.Models.Tests.Gateway;

/// <summary>
/// A local GGUF model is prompted with the chat template its file carries, through llama.cpp: a tiny ChatML model
/// (<see cref="TinyGguf.ChatMl"/>) answers only after the assistant header and ends its turn with <c>&lt;|im_end|&gt;</c>;
/// a model without a template, or with one llama.cpp does not recognise, still answers through the plain format.
/// </summary>
public sealed class GgufChatTemplateTests(GgufChatTemplateTests.Models models) : IClassFixture<GgufChatTemplateTests.Models>
{
    private const string System = "Answer from the passages.";
    private const string Question = "入职满一年的员工有几天带薪年假？";

    /// <summary>The prompt llama.cpp writes with ChatML for <see cref="Conversation"/>.</summary>
    private const string ChatMlPrompt = $"<|im_start|>system\n{System}<|im_end|>\n<|im_start|>user\n{Question}<|im_end|>\n{TinyGguf.AssistantHeader}";

    /// <summary>LLamaSharp's plain prompt for <see cref="Conversation"/>.</summary>
    private const string PlainPrompt = $"System: {System}\nUser: {Question}\nAssistant: ";

    /// <summary>An answer whose first piece ends with "System:", where the plain format's anti-prompts would cut it.</summary>
    private static readonly string[] ChatScript = ["适用的 Operating System:", " Windows 11。", "[1]"];

    private static readonly string[] PlainScript = ["入职满一年的员工每年享有 10 个工作日带薪年假。", "[1]"];

    private static readonly ChatMessage[] Conversation = [new(ChatRole.System, System), new(ChatRole.User, Question)];

    [Fact]
    public async Task Chat_ChatMlModel_PromptedWithItsTemplateItAnswersWholeAndEndsAtItsEndOfTurn()
    {
        var client = models.ChatMl.Models.Single().Client!;

        var response = await client.GetResponseAsync(Conversation, new ChatOptions { Temperature = 1.5f }, TestContext.Current.CancellationToken);
        var streamed = await client.GetStreamingResponseAsync(Conversation, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        // The model answers only after the assistant header, "System:" in the answer does not cut it, and past
        // <|im_end|> the model would start its answer again: the text is the script exactly once.
        Assert.Equal(string.Concat(ChatScript), response.Text);
        Assert.Equal(string.Concat(ChatScript), string.Concat(streamed.Select(u => u.Text)));
        Assert.Contains(models.Logs, line => line.Contains("GGUF model chatml", StringComparison.Ordinal) && line.Contains("prompts with its chat template", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chat_ChatMlModel_UsageCountsTheTokensOfTheTemplatedPrompt()
    {
        var client = models.ChatMl.Models.Single().Client!;
        var templated = models.ChatMlWeights.Tokenize(ChatMlPrompt, true, true, Encoding.UTF8).Length;
        var plain = models.ChatMlWeights.Tokenize(PlainPrompt, true, true, Encoding.UTF8).Length;

        var response = await client.GetResponseAsync(Conversation, cancellationToken: TestContext.Current.CancellationToken);
        var streamed = await client.GetStreamingResponseAsync(Conversation, cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.NotEqual(plain, templated);
        Assert.Equal(templated, response.Usage!.InputTokenCount);
        Assert.Equal(ChatScript.Length, response.Usage.OutputTokenCount);
        Assert.Equal(templated + ChatScript.Length, response.Usage.TotalTokenCount);
        var streamedUsage = Assert.Single(streamed.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(templated, streamedUsage.Details.InputTokenCount);
    }

    [Fact]
    public async Task Infer_ChatMlModel_AnswersAfterTheAssistantHeaderOnly()
    {
        // The instrument the tests above rely on: given the plain prompt the ChatML model says nothing.
        var parameters = new ModelParams(models.ChatMlPath) { ContextSize = 1024, GpuLayerCount = 0 };
        var executor = new StatelessExecutor(models.ChatMlWeights, parameters);
        var inference = new InferenceParams { MaxTokens = 16 };

        var afterHeader = await executor.InferAsync(ChatMlPrompt, inference, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var afterPlain = await executor.InferAsync(PlainPrompt, inference, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(string.Concat(ChatScript), string.Concat(afterHeader));
        Assert.Equal(string.Empty, string.Concat(afterPlain));
    }

    [Theory]
    [InlineData("untemplated", "the file has no chat template")]
    [InlineData("unrecognised", "llama.cpp does not recognise the file's chat template")]
    public async Task Chat_NoTemplateOrOneLlamaCppCannotApply_PlainFormatAnswersAndUsageCountsIt(string model, string reason)
    {
        var registry = model == "untemplated" ? models.Untemplated : models.Unrecognised;
        var client = registry.Models.Single().Client!;

        var response = await client.GetResponseAsync(Conversation, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(string.Concat(PlainScript), response.Text);
        // Every tiny vocabulary has the same byte tokens, and the plain prompt holds no marker or answer piece.
        Assert.Equal(models.ChatMlWeights.Tokenize(PlainPrompt, true, true, Encoding.UTF8).Length, response.Usage!.InputTokenCount);
        Assert.Contains(models.Logs, line => line.Contains($"GGUF model {model}", StringComparison.Ordinal) && line.Contains("plain System:/User:/Assistant: format: " + reason, StringComparison.Ordinal));
    }

    /// <summary>The three models, loaded once for the class with their load logged, and the ChatML file's own weights.</summary>
    public sealed class Models : IDisposable
    {
        /// <summary>A template llama.cpp recognises none of (no known markers): it can only refuse it.</summary>
        private const string UnknownTemplate = "{% for message in messages %}{{ message['content'] }}{% endfor %}";

        private readonly string _folder = Directory.CreateTempSubdirectory("hunyu-gguf-template-").FullName;
        private readonly ConcurrentQueue<string> _logs = new();
        private readonly ILoggerFactory _loggers;

        public Models()
        {
            _loggers = new LoggerFactory([new LineLoggerProvider(_logs)]);
            ChatMlPath = Write("chatml", ChatScript, TinyGguf.ChatMl);
            ChatMl = Load("chatml", ChatMlPath);
            Untemplated = Load("untemplated", Write("untemplated", PlainScript, chatTemplate: null));
            Unrecognised = Load("unrecognised", Write("unrecognised", PlainScript, UnknownTemplate));
            ChatMlWeights = LLamaWeights.LoadFromFile(new ModelParams(ChatMlPath) { GpuLayerCount = 0 });
        }

        /// <summary>The ChatML model's file.</summary>
        public string ChatMlPath { get; }

        /// <summary>The ChatML model, answering <see cref="ChatScript"/> after the assistant header only.</summary>
        public ModelRegistry ChatMl { get; }

        /// <summary>A model without a template answering <see cref="PlainScript"/> after any prompt.</summary>
        public ModelRegistry Untemplated { get; }

        /// <summary>The same with a template llama.cpp does not recognise.</summary>
        public ModelRegistry Unrecognised { get; }

        /// <summary>The ChatML file's weights, for its tokenizer and a bare executor.</summary>
        public LLamaWeights ChatMlWeights { get; }

        /// <summary>Every line logged while loading.</summary>
        public IReadOnlyCollection<string> Logs => _logs;

        public void Dispose()
        {
            ChatMl.Dispose();
            Untemplated.Dispose();
            Unrecognised.Dispose();
            ChatMlWeights.Dispose();
            _loggers.Dispose();
            Directory.Delete(_folder, recursive: true);
        }

        private string Write(string name, string[] script, string? chatTemplate)
        {
            var path = Path.Combine(_folder, name + ".gguf");
            TinyGguf.Write(path, script, chatTemplate);
            return path;
        }

        private ModelRegistry Load(string name, string path) =>
            ModelRegistry.Create([KeyValuePair.Create(name, new ModelOptions { Provider = ModelProviders.Gguf, ModelPath = path, Location = "edge" })], loggers: _loggers);
    }
}
