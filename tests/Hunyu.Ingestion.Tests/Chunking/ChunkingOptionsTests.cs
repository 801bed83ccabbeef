using System.ComponentModel.DataAnnotations;
using Hunyu.Ingestion.Chunking;

namespace Hunyu.Ingestion.Tests.Chunking;

public sealed class ChunkingOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new ChunkingOptions();

        options.Validate();

        Assert.Equal(512, options.MaxTokens);
        Assert.Equal(64, options.OverlapTokens);
        Assert.Equal("Hunyu:Chunking", ChunkingOptions.Section);
    }

    [Theory]
    [InlineData(63)]
    [InlineData(8193)]
    [InlineData(0)]
    public void Validate_MaxTokensOutOfRange_ThrowsNamingOptionAndRange(int maxTokens)
    {
        var options = new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = 0 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal("Hunyu:Chunking:MaxTokens", error.ParamName);
        Assert.Contains("64–8192", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeOverlap_ThrowsNamingOptionAndRange()
    {
        var options = new ChunkingOptions { OverlapTokens = -1 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal("Hunyu:Chunking:OverlapTokens", error.ParamName);
        Assert.Contains("0–4096", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(100, 200)]
    public void Validate_OverlapNotBelowMax_ThrowsArgumentException(int maxTokens, int overlapTokens)
    {
        var options = new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("Hunyu:Chunking:OverlapTokens", error.ParamName);
        Assert.Contains("less than Hunyu:Chunking:MaxTokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BoundaryValues_AreAccepted()
    {
        new ChunkingOptions { MaxTokens = 64, OverlapTokens = 63 }.Validate();
        new ChunkingOptions { MaxTokens = 8192, OverlapTokens = 4096 }.Validate();
        new ChunkingOptions { MaxTokens = 64, OverlapTokens = 0 }.Validate();
    }

    [Fact]
    public void RangeAttributes_RejectOutOfRangeValues()
    {
        var options = new ChunkingOptions { MaxTokens = 10, OverlapTokens = 5000 };
        var results = new List<ValidationResult>();

        bool valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Equal(
            [nameof(ChunkingOptions.MaxTokens), nameof(ChunkingOptions.OverlapTokens)],
            results.SelectMany(r => r.MemberNames).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StructuredChunker_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new StructuredChunker(new ChunkingOptions { MaxTokens = 100, OverlapTokens = 100 }));
        Assert.Throws<ArgumentNullException>(() => new StructuredChunker(null!));
    }
}
