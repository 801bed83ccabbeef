using System.Security.Cryptography;
using Hunyu.Core.Errors;

namespace Hunyu.Search.Learning;

/// <summary>Where a learned expansion model came from, so an evaluation can leave out the questions it was trained on.</summary>
/// <param name="Dataset">Folder name of the training dataset (informational only; nothing is keyed to it).</param>
/// <param name="Fingerprint">SHA-256 of the dataset's <c>queries.jsonl</c> and <c>qrels.tsv</c>, lower-case hex.</param>
/// <param name="Seed">Seed of the held-out split.</param>
/// <param name="TrainingQueryIds">The questions the model was trained on, sorted (ordinal).</param>
/// <param name="HeldOutQueryIds">The judged questions held out of training, sorted (ordinal).</param>
public sealed record ExpansionModelInfo(
    string Dataset,
    string Fingerprint,
    int Seed,
    IReadOnlyList<string> TrainingQueryIds,
    IReadOnlyList<string> HeldOutQueryIds)
{
    /// <summary>SHA-256 (hex) of <c>queries.jsonl</c> followed by <c>qrels.tsv</c> in <paramref name="datasetDirectory"/>.</summary>
    /// <exception cref="HunyuException">A file is missing (<c>path_not_found</c>).</exception>
    public static string FingerprintOf(string datasetDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetDirectory);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { "queries.jsonl", "qrels.tsv" })
        {
            var path = Path.Combine(datasetDirectory, name);
            if (!File.Exists(path))
            {
                throw new HunyuException(ErrorCode.PathNotFound, $"{path}: missing; a BEIR dataset needs corpus.jsonl, queries.jsonl and qrels.tsv");
            }

            hash.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The questions of the dataset in <paramref name="datasetDirectory"/> that this model was trained on: its
    /// training ids when the dataset is the one it learned from (same fingerprint), otherwise none.
    /// </summary>
    /// <exception cref="HunyuException">A file of the dataset is missing.</exception>
    public IReadOnlySet<string> TrainingQueriesIn(string datasetDirectory) =>
        string.Equals(FingerprintOf(datasetDirectory), Fingerprint, StringComparison.Ordinal)
            ? TrainingQueryIds.ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
}
