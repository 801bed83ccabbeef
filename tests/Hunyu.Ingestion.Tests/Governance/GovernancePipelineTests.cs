using System.Text.Json;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;
using Hunyu.Text.Normalization;

namespace Hunyu.Ingestion.Tests.Governance;

public sealed class GovernancePipelineTests
{
    [Fact]
    public void Process_CleanStatute_KeptNormalisedWithLanguage()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());

        var outcome = pipeline.Process("labour#1", Docs.Titled("劳动合同法 第一条", Docs.Statutes[0]));

        Assert.True(outcome.Kept);
        Assert.Equal("zh", outcome.Document.Language);
        // NFKC turns the full-width comma into ASCII: the only change.
        Assert.Equal(["normalize"], outcome.Document.Changes.Select(change => change.Step));
        Assert.Equal(TextNormalizer.Normalize(Docs.Statutes[0]), outcome.Document.Text);
    }

    [Fact]
    public void CreateDefault_StepsInDocumentedOrder_ExtraStepsBeforeDedup()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions(), extraSteps: [new FakePiiStep()]);

        Assert.Equal(["screen", "normalize", "boilerplate", "boilerplate", "quality", "pii", "dedup"], pipeline.Steps.Select(step => step.Name));
    }

    [Fact]
    public void Process_StepThrows_DocumentDroppedWithStepAndReason_NextDocumentStillGoverned()
    {
        var steps = new IGovernanceStep[] { new ThrowingStep(onText: "boom"), new NormalizeStep(new GovernanceOptions()) };
        var pipeline = new GovernancePipeline(new GovernanceOptions(), steps);

        var failed = pipeline.Process("a", Docs.Of("boom"));
        var next = pipeline.Process("b", Docs.Of("fine"));

        Assert.False(failed.Kept);
        Assert.Equal("throwing", failed.Dropped!.Step);
        Assert.Equal("failed: InvalidOperationException: cannot handle boom", failed.Dropped.Reason);
        Assert.True(next.Kept);
    }

    [Fact]
    public void Run_MixedInput_SameOutcomesInInputOrderAsProcessOneByOne()
    {
        var inputs = MixedInputs(600).ToList();
        var options = new GovernanceOptions { MaxDegreeOfParallelism = 4 };
        var sequential = GovernancePipeline.CreateDefault(options);
        var expected = inputs.Select(input => Describe(sequential.Process(input.Id, input.Document))).ToList();

        var actual = GovernancePipeline.CreateDefault(options).Run(inputs).Select(Describe).ToList();

        Assert.Equal(expected, actual);
        Assert.Contains(actual, line => line.Contains("duplicate exact", StringComparison.Ordinal));
        Assert.Contains(actual, line => line.Contains("duplicate near", StringComparison.Ordinal));
        Assert.Contains(actual, line => line.Contains("dropped quality", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_EveryInput_HasExactlyOneOutcomeAndEveryDropHasAReason()
    {
        var inputs = MixedInputs(300).ToList();
        var report = new GovernanceReport();

        var outcomes = GovernancePipeline.CreateDefault(new GovernanceOptions()).Run(inputs, sink: report).ToList();

        Assert.Equal(inputs.Select(input => input.Id), outcomes.Select(outcome => outcome.Document.Id));
        Assert.Equal(inputs.Count, report.Documents);
        Assert.Equal(report.Documents, report.Kept + report.Dropped.Count(d => d.Level == GovernanceLevel.Document) + report.Duplicates.Count(d => d.Level == GovernanceLevel.Document));
        Assert.All(report.Dropped, dropped => Assert.False(string.IsNullOrWhiteSpace(dropped.Reason)));
    }

    [Fact]
    public void Run_LargeInput_ReadsAtMostAFewBatchesAhead()
    {
        // Streaming: the reader may run ahead of the consumer by the batch being governed plus two queued ones.
        var read = 0;
        IEnumerable<GovernanceInput> Inputs()
        {
            for (var i = 0; i < 20 * GovernancePipeline.BatchDocuments; i++)
            {
                Interlocked.Increment(ref read);
                yield return new GovernanceInput($"d{i}", Docs.Of($"第{i}号文件。" + Docs.Statutes[i % Docs.Statutes.Length]));
            }
        }

        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions { Dedup = new DedupOptions { Near = false } });
        using var outcomes = pipeline.Run(Inputs()).GetEnumerator();
        Assert.True(outcomes.MoveNext());
        Thread.Sleep(200);

        Assert.InRange(Volatile.Read(ref read), 1, 4 * GovernancePipeline.BatchDocuments);
    }

    [Fact]
    public void Run_InputThrows_OutcomesBeforeTheFailureComeOutThenTheErrorSurfaces()
    {
        IEnumerable<GovernanceInput> Inputs()
        {
            yield return new GovernanceInput("ok", Docs.Of(Docs.Statutes[0]));
            throw new IOException("disk gone");
        }

        var seen = new List<string>();
        var error = Assert.Throws<IOException>(() =>
        {
            foreach (var outcome in GovernancePipeline.CreateDefault(new GovernanceOptions()).Run(Inputs()))
            {
                seen.Add(outcome.Document.Id);
            }
        });

        Assert.Equal("disk gone", error.Message);
        Assert.Equal(["ok"], seen);
    }

    [Fact]
    public void Run_WithChunker_DeduplicatesChunksAcrossDocuments()
    {
        var shared = string.Join(string.Empty, Docs.Statutes[3], Docs.Statutes[7]);
        // The shared part follows the same heading in both, so it is cut into the same chunks.
        ParsedDocument Document(string title, params string[] before) => new(
            null,
            title,
            [.. before.Select(text => new TextBlock(BlockKind.Paragraph, text)), new TextBlock(BlockKind.Heading, "附则", HeadingLevel: 1), new TextBlock(BlockKind.Paragraph, shared)],
            new Dictionary<string, string>());
        var inputs = new[]
        {
            new GovernanceInput("a", Document("A", Docs.Statutes[0])),
            new GovernanceInput("b", Document("B", Docs.Statutes[4], Docs.Statutes[5], Docs.Statutes[6])),
        };
        var chunker = new StructuredChunker(new ChunkingOptions { MaxTokens = 128, OverlapTokens = 0 });
        var report = new GovernanceReport();

        var outcomes = GovernancePipeline.CreateDefault(new GovernanceOptions())
            .Run(inputs, document => chunker.Chunk(document.Id, document.Blocks).Chunks, report)
            .ToList();

        Assert.All(outcomes, outcome => Assert.True(outcome.Kept));
        var b = outcomes[1].Chunks!;
        Assert.NotEmpty(b.Duplicates);
        Assert.All(b.Duplicates, duplicate =>
        {
            Assert.Equal(GovernanceLevel.Chunk, duplicate.Level);
            Assert.StartsWith("b:", duplicate.Id, StringComparison.Ordinal);
            Assert.StartsWith("a:", duplicate.DuplicateOf, StringComparison.Ordinal);
        });
        Assert.Contains(b.Kept, chunk => chunk.Text.Contains("县级以上人民政府", StringComparison.Ordinal));
        Assert.Equal(report.Chunks - report.ChunksKept, report.Duplicates.Count(d => d.Level == GovernanceLevel.Chunk));
    }

    [Fact]
    public void ProcessChunks_ShortRecurringPassages_AreNeverDropped()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        Chunk Short(string document) => new(document, 0, "本法自公布之日起施行。", string.Empty, null, 0, 11);

        var first = pipeline.ProcessChunks([Short("law-a")]);
        var second = pipeline.ProcessChunks([Short("law-b")]);

        Assert.Single(first.Kept);
        Assert.Single(second.Kept);
        Assert.Empty(second.Duplicates);
    }

    [Fact]
    public void Report_SerialisesToTheCleanJsonContract()
    {
        var report = new GovernanceReport();
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions(), extraSteps: [new FakePiiStep()]);
        foreach (var outcome in pipeline.Run(
        [
            new GovernanceInput("a", Docs.Of(Docs.Statutes[1] + "联系人手机13812345678。")),
            new GovernanceInput("b", Docs.Of(Docs.Statutes[1] + "联系人手机13812345678。")),
            new GovernanceInput("c", Docs.Of("x")),
        ]))
        {
            report.Add(outcome);
        }

        report.Finish(TimeSpan.FromSeconds(1.5));

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["documents", "kept", "duplicates", "pii", "dropped", "seconds"], root.EnumerateObject().Select(p => p.Name).Take(6));
        Assert.Equal(3, root.GetProperty("documents").GetInt32());
        Assert.Equal(1, root.GetProperty("kept").GetInt32());
        var duplicate = Assert.Single(root.GetProperty("duplicates").EnumerateArray());
        Assert.Equal("b", duplicate.GetProperty("id").GetString());
        Assert.Equal("a", duplicate.GetProperty("duplicate_of").GetString());
        Assert.Equal("exact", duplicate.GetProperty("kind").GetString());
        Assert.Equal(1.0, duplicate.GetProperty("similarity").GetDouble());
        var pii = Assert.Single(root.GetProperty("pii").EnumerateArray());
        Assert.Equal(["id", "type", "start", "end"], pii.EnumerateObject().Select(p => p.Name));
        Assert.Equal("mobile", pii.GetProperty("type").GetString());
        var dropped = Assert.Single(root.GetProperty("dropped").EnumerateArray());
        Assert.Equal("c", dropped.GetProperty("id").GetString());
        Assert.Equal("quality", dropped.GetProperty("step").GetString());
        Assert.StartsWith("too short", dropped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("document", dropped.GetProperty("level").GetString());
        Assert.Equal(1.5, root.GetProperty("seconds").GetDouble());
        Assert.Equal(1, root.GetProperty("steps").GetProperty("dedup").GetProperty("duplicates").GetInt32());
    }

    /// <summary>Inputs with clean, duplicate, near-duplicate and junk documents, deterministic.</summary>
    private static IEnumerable<GovernanceInput> MixedInputs(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var statute = Docs.Statutes[i % Docs.Statutes.Length];
            var document = (i % 10) switch
            {
                0 or 1 or 2 => Docs.Titled($"第{i}条", $"第{i}条 {statute}"),
                3 => Docs.Titled("copy", statute),
                4 => Docs.Titled("edited", statute.Replace("劳动者", "劳动人员", StringComparison.Ordinal)),
                5 => Docs.Of("?"),
                6 => Docs.Titled("table", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30"),
                7 => Docs.Titled($"英文{i}", $"Article {i}. The employer shall pay wages in full and on time, and shall not withhold them."),
                8 => Docs.Titled("full width", "ＡＢＣ　" + statute),
                _ => Docs.Titled("copy", statute),
            };
            yield return new GovernanceInput($"doc{i}", document);
        }
    }

    private static string Describe(GovernanceOutcome outcome) => outcome switch
    {
        { Duplicate: { } d } => $"{outcome.Document.Id} duplicate {d.Kind.ToString().ToLowerInvariant()} of {d.DuplicateOf} {d.Similarity}",
        { Dropped: { } d } => $"{outcome.Document.Id} dropped {d.Step}: {d.Reason}",
        _ => $"{outcome.Document.Id} kept {outcome.Document.Language} {string.Join("; ", outcome.Document.Changes.Select(c => c.Step + ": " + c.Detail))} | {outcome.Document.Text}",
    };

    /// <summary>Stands in for the PII step written separately: reports mobile numbers (11 digits starting with 1).</summary>
    private sealed class FakePiiStep : IGovernanceStep
    {
        public string Name => "pii";

        public StepResult Apply(GovernedDocument document)
        {
            var text = document.Text;
            for (var i = 0; i + 11 <= text.Length; i++)
            {
                if (text[i] == '1' && !text.AsSpan(i, 11).ContainsAnyExceptInRange('0', '9'))
                {
                    document.AddPii("mobile", i, i + 11);
                    i += 10;
                }
            }

            return StepResult.Unchanged;
        }
    }

    private sealed class ThrowingStep(string onText) : IGovernanceStep
    {
        public string Name => "throwing";

        public StepResult Apply(GovernedDocument document) =>
            document.Text == onText ? throw new InvalidOperationException($"cannot handle {onText}") : StepResult.Unchanged;
    }
}
