using Hunyu.Core.Errors;
using Hunyu.Search.Learning;
using Hunyu.Text.Analysis;

namespace Hunyu.Search.Tests.Learning;

public sealed class ExpansionLearnerTests : IDisposable
{
    private static readonly ExpansionLearnerOptions Fast = new() { Epochs = 5, LearningRate = 0.1 };
    private readonly SyntheticDataset _dataset = new();

    public void Dispose() => _dataset.Dispose();

    [Fact]
    public void Learn_LayWordsOnlyInQuestions_ExpandsTowardsTheAnsweringArticle()
    {
        var model = ExpansionLearner.Learn(_dataset.Path, Fast).Model;

        // An unseen question that shares only the lay word with the training questions.
        var expansion = Expand(model, "听说要被炒鱿鱼了");

        Assert.NotEmpty(expansion);
        var labourWords = Words("劳动合同法 第四十六条\n用人单位解除劳动合同的，应当向劳动者支付经济补偿。");
        var leaseWords = Words("民法典 第七百二十一条\n承租人应当按照约定的期限支付租金。");
        var heaviest = expansion[0].Term;
        Assert.Contains(heaviest, labourWords);
        Assert.DoesNotContain(heaviest, leaseWords);
        Assert.All(expansion, t => Assert.True(t.Weight > 0));
        Assert.All(expansion, t => Assert.Equal("words", t.Field));
    }

    [Fact]
    public void Learn_SameDataAndSeed_WritesIdenticalModelFiles()
    {
        var first = Path.Combine(_dataset.Path, "a.json");
        var second = Path.Combine(_dataset.Path, "b.json");

        ExpansionLearner.Learn(_dataset.Path, Fast).Model.Save(first);
        ExpansionLearner.Learn(_dataset.Path, Fast).Model.Save(second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Learn_WithHoldOut_TrainsOnlyOnTheRestAndRecordsBoth()
    {
        var result = ExpansionLearner.Learn(_dataset.Path, new ExpansionLearnerOptions { HoldOutFraction = 0.25, Epochs = 2 });

        var info = result.Model.Info;
        Assert.Equal(9, result.TrainingQueries);
        Assert.Equal(3, result.HeldOutQueries);
        Assert.Empty(info.TrainingQueryIds.Intersect(info.HeldOutQueryIds));
        Assert.Equal(SyntheticDataset.Questions.Select(q => q.Id).Order(StringComparer.Ordinal), info.TrainingQueryIds.Concat(info.HeldOutQueryIds).Order(StringComparer.Ordinal));
        Assert.Equal(info.TrainingQueryIds.ToHashSet(), info.TrainingQueriesIn(_dataset.Path));
    }

    [Fact]
    public void TrainingQueriesIn_OtherDataset_IsEmpty()
    {
        var model = ExpansionLearner.Learn(_dataset.Path, Fast).Model;
        using var other = new SyntheticDataset(SyntheticDataset.Questions.Take(4));

        Assert.Empty(model.Info.TrainingQueriesIn(other.Path));
    }

    [Fact]
    public void Learn_MissingQrels_ThrowsPathNotFoundNamingTheFile()
    {
        _dataset.Delete("qrels.tsv");

        var error = Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, Fast));

        Assert.Equal(ErrorCode.PathNotFound, error.Error);
        Assert.Contains("qrels.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_MissingFolder_ThrowsPathNotFound() =>
        Assert.Equal(ErrorCode.PathNotFound, Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(Path.Combine(_dataset.Path, "absent"), Fast)).Error);

    [Fact]
    public void Learn_EmptyQrels_ThrowsCorruptInputSayingNoJudgement()
    {
        _dataset.Write("qrels.tsv", "query-id\tcorpus-id\tscore\n");

        var error = Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, Fast));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("judgement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_QrelsNameOnlyAbsentDocuments_ThrowsCorruptInputCountingThem()
    {
        _dataset.Write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\tnowhere\t1\nq2\tnowhere\t1\n");

        var error = Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, Fast));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("2 missing document(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_CorruptCorpusLine_ThrowsCorruptInputWithLineNumber()
    {
        _dataset.Write("corpus.jsonl", "{\"_id\": \"labour\", \"text\": \"解除劳动合同\"}\nnot json\n");

        var error = Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, Fast));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("corpus.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_EmptyCorpus_ThrowsEmptyInput()
    {
        _dataset.Write("corpus.jsonl", string.Empty);

        Assert.Equal(ErrorCode.EmptyInput, Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, Fast)).Error);
    }

    [Theory]
    [InlineData(0.95, "holdout")]
    [InlineData(-0.1, "holdout")]
    public void Learn_HoldOutOutOfRange_ThrowsInvalidArgumentNamingTheRange(double fraction, string name)
    {
        var error = Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, new ExpansionLearnerOptions { HoldOutFraction = fraction }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.StartsWith(name + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("0–0.9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Learn_SplitWithNoTrainingQuestion_ThrowsInvalidArgument()
    {
        using var learner = ExpansionLearner.Open(_dataset.Path);
        var split = new QuerySplit([], SyntheticDataset.Questions.Select(q => q.Id).ToList());

        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<HunyuException>(() => learner.Learn(split, Fast)).Error);
    }

    [Fact]
    public void Learn_NoFeatures_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<HunyuException>(() => ExpansionLearner.Learn(_dataset.Path, Fast, ExpansionFeatures.None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
    }

    [Fact]
    public void Learn_WordFeatures_AddsWordRows()
    {
        var model = ExpansionLearner.Learn(_dataset.Path, new ExpansionLearnerOptions { Epochs = 5, LearningRate = 0.1, MemoryWeight = 0 }, ExpansionFeatures.Words).Model;

        var expansion = model.Expand(["炒鱿鱼"], []);

        Assert.NotEmpty(expansion);
        Assert.Empty(model.Expand([], ["炒鱿"]));
    }

    [Fact]
    public void Learn_WithMemory_RemembersEveryJudgedDocumentAndAddsItsSignature()
    {
        var options = new ExpansionLearnerOptions { Epochs = 1, LearningRate = 0.001, MemoryArticles = 1 };
        var model = ExpansionLearner.Learn(_dataset.Path, options).Model;

        // A question worded like the lease questions gets the lease article's distinctive words.
        var expansion = Expand(model, "房东让我交房租");

        Assert.Equal(SyntheticDataset.Questions.Select(q => q.Relevant).Distinct().Count(), model.RememberedDocuments);
        Assert.Contains(expansion, t => t.Term == "租金");
        Assert.DoesNotContain(expansion, t => t.Term == "经济补偿");
    }

    [Fact]
    public void Learn_MemoryWeightZero_RemembersNothing() =>
        Assert.Equal(0, ExpansionLearner.Learn(_dataset.Path, new ExpansionLearnerOptions { MemoryWeight = 0 }).Model.RememberedDocuments);

    [Fact]
    public void SaveThenLoad_LearnedModelWithMemory_ExpandsIdentically()
    {
        var model = ExpansionLearner.Learn(_dataset.Path, Fast).Model;
        var path = Path.Combine(_dataset.Path, "model.json");

        model.Save(path);
        var loaded = ExpansionModel.Load(path);

        Assert.True(loaded.RememberedDocuments > 0);
        Assert.Equal(model.Entries, loaded.Entries);
        foreach (var (_, text, _) in SyntheticDataset.Questions)
        {
            var expected = Expand(model, text);
            var actual = Expand(loaded, text);
            Assert.Equal(expected.Select(t => t.Term), actual.Select(t => t.Term));
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First.Weight, p.Second.Weight, 3));
        }
    }

    private static List<WeightedTerm> Expand(ExpansionModel model, string question) =>
        [.. model.Expand(QueryTerms.ContentWords(question), QueryTerms.Bigrams(question))];

    private static HashSet<string> Words(string text) =>
        QueryTerms.Analyze(new JiebaAnalyzer(JiebaNet.Segmenter.TokenizerMode.Search), text).ToHashSet(StringComparer.Ordinal);
}
