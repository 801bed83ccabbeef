using System.Text;
using Hunyu.Core.Answers;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;
using Hunyu.Text.Sentences;

namespace Hunyu.Models.Extractive;

/// <summary>
/// Answers without a model: picks the sentences of the top passages that cover the question best,
/// and cites each one. Abstains when no sentence covers enough of the question.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public sealed class ExtractiveAnswerer : IAnswerer
{
    /// <summary>Passages considered, best first.</summary>
    public const int MaxPassages = 5;

    /// <summary>Sentences in an answer at most.</summary>
    public const int MaxSentences = 3;

    /// <summary>Characters of an answer at most (whole sentences are kept).</summary>
    public const int MaxAnswerChars = 400;

    /// <summary>Share of the question's terms the best sentence must cover, or the answer abstains.</summary>
    public const double MinCoverage = 0.25;

    /// <summary>Share of the question's words one of the top passages must cover when no sentence alone covers enough.</summary>
    public const double MinPassageCoverage = 0.34;

    /// <summary>Share of the best sentence's score another sentence needs to join the answer: a sentence that merely mentions a word of the question (a table of contents, a file list) does not.</summary>
    public const double MinRelativeScore = 0.5;

    /// <summary>How much a sentence's passage coverage adds to its own.</summary>
    private const double PassageWeight = 0.3;


    /// <inheritdoc />
    public Task<Answer> AnswerAsync(string question, IReadOnlyList<SearchHit> evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(evidence);
        return Task.FromResult(Compose(question, evidence));
    }

    private static Answer Compose(string question, IReadOnlyList<SearchHit> evidence)
    {
        var normalized = TextNormalizer.Normalize(question);
        var terms = new HashSet<string>(QueryTerms.ContentWords(normalized), StringComparer.Ordinal);
        var bigrams = new HashSet<string>(QueryTerms.Bigrams(normalized), StringComparer.Ordinal);
        var passages = evidence.Take(MaxPassages).ToList();
        // A passage that covers much of the question (title and headings included) vouches for its
        // sentences even when no single sentence repeats the question's words, e.g. a table row.
        var passageCoverage = passages.Select(hit => WordCoverage(TextNormalizer.Normalize($"{hit.Title}\n{hit.SectionPath}\n{hit.Text}"), terms)).ToList();
        var candidates = passages
            .SelectMany((hit, rank) => Sentences(hit).Select((sentence, position) => new Candidate(hit, rank, position, sentence, Score(sentence, terms, bigrams, rank, passageCoverage[rank]))))
            .OrderByDescending(c => c.Score)
            .ToList();

        if (candidates.Count == 0 || (candidates[0].Coverage < MinCoverage && passageCoverage.Max() < MinPassageCoverage))
        {
            return new Answer(Answer.NotFoundText, [], Abstained: true, Answerer: "extractive");
        }

        var chosen = new List<Candidate>();
        var length = 0;
        var best = candidates[0].Score;
        foreach (var candidate in candidates.Where(c => c.Coverage > 0 && c.Score >= MinRelativeScore * best))
        {
            if (chosen.Count == MaxSentences || (chosen.Count > 0 && length + candidate.Text.Length > MaxAnswerChars))
            {
                break;
            }

            // The same fact quoted twice (a summary repeating a handbook line) is said once.
            if (chosen.Any(c => c.Text.Contains(candidate.Text, StringComparison.Ordinal) || candidate.Text.Contains(c.Text, StringComparison.Ordinal)))
            {
                continue;
            }

            chosen.Add(candidate);
            length += candidate.Text.Length;
        }

        // Read in evidence order: better-ranked passages first, each passage's sentences in document order.
        chosen.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Position.CompareTo(b.Position));
        var citations = new List<Citation>();
        var text = new StringBuilder();
        foreach (var sentence in chosen)
        {
            var citation = citations.Find(c => c.CitationId == sentence.Hit.CitationId);
            if (citation is null)
            {
                var hit = sentence.Hit;
                citation = new Citation(citations.Count + 1, hit.CitationId, hit.DocumentId, hit.Title, hit.Uri, hit.SectionPath, hit.Page, sentence.Text);
                citations.Add(citation);
            }

            text.Append(sentence.Text).Append(" [").Append(citation.Number).Append("] ");
        }

        return new Answer(text.ToString().TrimEnd(), citations, Abstained: false, Answerer: "extractive");
    }

    private static IEnumerable<string> Sentences(SearchHit hit)
    {
        var text = hit.Text;
        // Split once per passage, not once per sentence.
        string[] headings = string.IsNullOrEmpty(hit.SectionPath) ? [] : hit.SectionPath.Split(Chunk.SectionSeparator, StringSplitOptions.TrimEntries);
        foreach (var span in SentenceSplitter.Split(text))
        {
            var sentence = text.Substring(span.Start, span.Length).Trim();

            // A heading repeated in the passage's text ("2.2 审批流程") names where the answer is; it is not one.
            if (sentence.Length > 1 && !headings.Contains(sentence, StringComparer.Ordinal))
            {
                yield return sentence;
            }
        }
    }

    /// <summary>
    /// Coverage of the question's words and bigrams by the sentence, plus a share of its passage's
    /// coverage, damped by the passage's rank.
    /// </summary>
    private static (double Score, double Coverage) Score(string sentence, HashSet<string> terms, HashSet<string> bigrams, int rank, double passageCoverage)
    {
        var normalized = TextNormalizer.Normalize(sentence);
        var sentenceBigrams = QueryTerms.Bigrams(normalized).ToHashSet(StringComparer.Ordinal);
        var bigramCoverage = bigrams.Count == 0 ? 0 : (double)bigrams.Count(sentenceBigrams.Contains) / bigrams.Count;
        var coverage = (WordCoverage(normalized, terms) + bigramCoverage) / 2;
        return ((coverage + (PassageWeight * passageCoverage)) / (1 + (0.15 * rank)), coverage);
    }

    private static double WordCoverage(string normalizedText, HashSet<string> terms) =>
        terms.Count == 0 ? 0 : (double)terms.Count(t => normalizedText.Contains(t, StringComparison.OrdinalIgnoreCase)) / terms.Count;

    private sealed record Candidate(SearchHit Hit, int Rank, int Position, string Text, (double Score, double Coverage) Scores)
    {
        public double Score => Scores.Score;

        public double Coverage => Scores.Coverage;
    }
}
