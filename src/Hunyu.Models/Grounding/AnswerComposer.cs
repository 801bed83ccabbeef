using System.Globalization;
using System.Text;
using Hunyu.Core.Answers;
using Hunyu.Core.Search;
using Hunyu.Text.Analysis;
using Hunyu.Text.Sentences;

namespace Hunyu.Models.Grounding;

/// <summary>
/// Builds a grounded answer sentence by sentence from checked sentences: grounded ones keep their valid citations,
/// renumbered 1, 2, … in order of first use; the others are removed or flagged; citations to nothing are dropped.
/// </summary>
/// <remarks>Not thread-safe: one per answer.</remarks>
internal sealed class AnswerComposer(IReadOnlyList<SearchHit> hits, GroundingOptions options)
{
    private readonly Dictionary<int, int> _numbers = [];
    private readonly List<Citation> _citations = [];
    private readonly List<SentenceCheck> _checks = [];
    private readonly List<string> _notes = [];
    private readonly StringBuilder _text = new();

    /// <summary>Sentences kept with at least one citation.</summary>
    public int Grounded { get; private set; }

    /// <summary>Every check added, in order.</summary>
    public IReadOnlyList<SentenceCheck> Checks => _checks;

    /// <summary>What was removed, flagged or rejected.</summary>
    public List<string> Notes => _notes;

    /// <summary>The answer so far.</summary>
    public string Text => _text.ToString();

    /// <summary>Adds one checked sentence; returns the text appended to the answer (with its separator), or null when it was removed.</summary>
    public string? Add(SentenceCheck check)
    {
        _checks.Add(check);
        if (check.InvalidCitations.Count > 0)
        {
            _notes.Add(string.Create(CultureInfo.InvariantCulture, $"rejected citation {string.Concat(check.InvalidCitations.Select(n => $"[{n}]"))}: there are {hits.Count} passage(s)"));
        }

        string piece;
        if (check.Verdict == SupportVerdict.NotAClaim)
        {
            piece = check.Claim;
        }
        else if (check.IsGrounded)
        {
            piece = check.Claim + " " + string.Concat(check.Cited.Select(n => string.Create(CultureInfo.InvariantCulture, $"[{Number(n, check.Claim)}]")));
            Grounded++;
        }
        else if (options.UnsupportedSentences == UnsupportedSentencePolicy.Remove)
        {
            _notes.Add($"removed a sentence ({Describe(check.Verdict)}: {check.Reason}): {Cut(check.Claim)}");
            return null;
        }
        else
        {
            _notes.Add($"flagged a sentence ({Describe(check.Verdict)}: {check.Reason}): {Cut(check.Claim)}");
            piece = check.Claim + " " + GroundingOptions.UnsupportedMark;
        }

        if (piece.Length == 0)
        {
            return null;
        }

        if (_text.Length > 0)
        {
            piece = " " + piece;
        }

        _text.Append(piece);
        return piece;
    }

    /// <summary>The answer built so far.</summary>
    public Answer Build(string answerer) => new(_text.ToString(), [.. _citations.OrderBy(c => c.Number)], Abstained: false, answerer);

    private static string Describe(SupportVerdict verdict) => verdict switch
    {
        SupportVerdict.Uncited => "uncited",
        SupportVerdict.InvalidCitation => "cites no existing passage",
        _ => "unsupported by its citation",
    };

    private static string Cut(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>The answer's number for prompt passage <paramref name="promptNumber"/>, adding its citation on first use.</summary>
    private int Number(int promptNumber, string claim)
    {
        if (_numbers.TryGetValue(promptNumber, out var number))
        {
            return number;
        }

        var hit = hits[promptNumber - 1];
        number = _citations.Count + 1;
        _numbers[promptNumber] = number;
        _citations.Add(new Citation(number, hit.CitationId, hit.DocumentId, hit.Title, hit.Uri, hit.SectionPath, hit.Page, Quote(hit.Text, claim)));
        return number;
    }

    /// <summary>The passage sentence sharing most character pairs and words with the claim.</summary>
    private static string Quote(string passage, string claim)
    {
        var terms = QueryTerms.Bigrams(CitationChecker.Fold(claim)).ToHashSet(StringComparer.Ordinal);
        var best = (Score: -1, Text: passage);
        foreach (var span in SentenceSplitter.Split(passage))
        {
            var sentence = passage.Substring(span.Start, span.Length);
            var score = QueryTerms.Bigrams(CitationChecker.Fold(sentence)).Distinct(StringComparer.Ordinal).Count(terms.Contains);
            if (score > best.Score)
            {
                best = (score, sentence);
            }
        }

        return best.Text;
    }
}
