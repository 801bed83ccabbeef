namespace Hunyu.Hosting.Export;

/// <summary>
/// Writes question/answer pairs about a document with a chat model, for SFT exports. No implementation is registered until
/// the model gateway exists; exports then mine FAQ-style pairs only.
/// </summary>
public interface IQuestionGenerator
{
    /// <summary>The generator's name (the model), reported by the export.</summary>
    string Name { get; }

    /// <summary>Pairs about <paramref name="document"/>, whose text is already governed and PII-masked.</summary>
    Task<IReadOnlyList<QaPair>> GenerateAsync(ExportedDocument document, CancellationToken cancellationToken = default);
}
