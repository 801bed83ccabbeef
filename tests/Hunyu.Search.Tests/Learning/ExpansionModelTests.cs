using Hunyu.Core.Errors;
using Hunyu.Search.Learning;

namespace Hunyu.Search.Tests.Learning;

public sealed class ExpansionModelTests : IDisposable
{
    private const string ValidModel = """
        {
          "format": "hunyu-query-expansion",
          "version": 1,
          "field": "words",
          "maxTerms": 3,
          "info": { "dataset": "tiny", "fingerprint": "00", "seed": 7, "trainingQueryIds": ["q1"], "heldOutQueryIds": ["q2"] },
          "terms": ["劳动者", "经济补偿", "解除", "租金"],
          "words": { "炒鱿鱼": { "t": [2, 1], "w": [0.5, 0.25] } },
          "bigrams": { "炒鱿": { "t": [1, 0], "w": [0.5, 0.125] }, "房租": { "t": [3], "w": [1.0] }, "鱿鱼": { "t": [3], "w": [0.01] } }
        }
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hunyu-model-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Expand_SumsRowsOfDistinctFeaturesHeaviestFirst()
    {
        var model = ExpansionModel.Load(Write(ValidModel));

        var expansion = model.Expand(["炒鱿鱼"], ["炒鱿", "鱿鱼", "炒鱿"]);

        Assert.Equal(
            [new WeightedTerm("words", "经济补偿", 0.75f), new WeightedTerm("words", "解除", 0.5f), new WeightedTerm("words", "劳动者", 0.125f)],
            expansion);
    }

    [Fact]
    public void Expand_MoreCandidatesThanMaxTerms_KeepsMaxTerms()
    {
        var model = ExpansionModel.Load(Write(ValidModel));

        Assert.Equal(3, model.Expand(["炒鱿鱼"], ["炒鱿", "鱿鱼", "房租"]).Count);
    }

    [Fact]
    public void Expand_UnknownFeatures_ReturnsEmpty()
    {
        var model = ExpansionModel.Load(Write(ValidModel));

        Assert.Empty(model.Expand(["合同"], ["合同"]));
    }

    [Fact]
    public void Expand_CalledTwice_ReturnsTheSameTermsInTheSameOrder()
    {
        var model = ExpansionModel.Load(Write(ValidModel));

        Assert.Equal(model.Expand(["炒鱿鱼"], ["房租", "炒鱿"]), model.Expand(["炒鱿鱼"], ["炒鱿", "房租"]));
    }

    [Fact]
    public void SaveThenLoad_RoundTripsRowsAndInfo()
    {
        var original = ExpansionModel.Load(Write(ValidModel));
        var path = Path.Combine(_folder.FullName, "sub", ExpansionModel.DefaultFileName);

        original.Save(path);
        var loaded = ExpansionModel.Load(Path.GetDirectoryName(path)!);

        Assert.Equal(original.Expand(["炒鱿鱼"], ["炒鱿", "房租", "鱿鱼"]), loaded.Expand(["炒鱿鱼"], ["炒鱿", "房租", "鱿鱼"]));
        Assert.Equal(original.Sources, loaded.Sources);
        Assert.Equal(original.Entries, loaded.Entries);
        Assert.Equal(["q1"], loaded.Info.TrainingQueryIds);
        Assert.Equal(["q2"], loaded.Info.HeldOutQueryIds);
        Assert.Equal(7, loaded.Info.Seed);
        Assert.Contains("经济补偿", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Expand_WithMemory_AddsTheBestMatchingDocumentsSignaturesInProportion()
    {
        // Two remembered documents; "房租" matches document 1 at 2.0 and document 0 at 1.0, so document 0's
        // signature gets half the memory weight (0.5 × 0.5) and document 1's all of it (0.5 × 1.0).
        var memory = """
            , "memory": { "articles": 2, "weight": 0.5, "ids": ["a", "b"],
              "signatures": [ { "t": [0], "w": [1.0] }, { "t": [3], "w": [0.5] } ],
              "features": { "房租": { "t": [0, 1], "w": [1.0, 2.0] } } }
            """;
        var model = ExpansionModel.Load(Write(ValidModel.Insert(ValidModel.LastIndexOf('}'), memory)));

        var expansion = model.Expand([], ["房租"]);

        Assert.Equal(2, model.RememberedDocuments);
        Assert.Equal([new WeightedTerm("words", "租金", 1.25f), new WeightedTerm("words", "劳动者", 0.25f)], expansion);
    }

    [Fact]
    public void Load_MemoryFeatureNamingAnAbsentDocument_ThrowsCorruptInput()
    {
        var memory = """
            , "memory": { "articles": 1, "weight": 0.5, "ids": ["a"], "signatures": [ { "t": [0], "w": [1.0] } ],
              "features": { "房租": { "t": [1], "w": [1.0] } } }
            """;

        var error = Assert.Throws<HunyuException>(() => ExpansionModel.Load(Write(ValidModel.Insert(ValidModel.LastIndexOf('}'), memory))));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
    }

    [Fact]
    public void Load_MissingFile_ThrowsPathNotFoundSayingHowToCreateOne()
    {
        var error = Assert.Throws<HunyuException>(() => ExpansionModel.Load(Path.Combine(_folder.FullName, "absent.json")));

        Assert.Equal(ErrorCode.PathNotFound, error.Error);
        Assert.Contains("hunyu learn", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"format": "something-else", "version": 1}""")]
    [InlineData("""{"format": "hunyu-query-expansion", "version": 1}""")]
    [InlineData("null")]
    public void Load_NotAModel_ThrowsCorruptInput(string content) =>
        Assert.Equal(ErrorCode.CorruptInput, Assert.Throws<HunyuException>(() => ExpansionModel.Load(Write(content))).Error);

    [Fact]
    public void Load_OtherVersion_ThrowsCorruptInputNamingBothVersions()
    {
        var error = Assert.Throws<HunyuException>(() => ExpansionModel.Load(Write(ValidModel.Replace("\"version\": 1", "\"version\": 9", StringComparison.Ordinal))));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"t\": [3], \"w\": [1.0]", "\"t\": [4], \"w\": [1.0]")]
    [InlineData("\"t\": [3], \"w\": [1.0]", "\"t\": [3], \"w\": [-1.0]")]
    [InlineData("\"t\": [3], \"w\": [1.0]", "\"t\": [3, 2], \"w\": [1.0]")]
    public void Load_MalformedRow_ThrowsCorruptInputNamingTheRow(string valid, string broken)
    {
        var error = Assert.Throws<HunyuException>(() => ExpansionModel.Load(Write(ValidModel.Replace(valid, broken, StringComparison.Ordinal))));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("房租", error.Message, StringComparison.Ordinal);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }
}
