using System.Globalization;
using System.Text.RegularExpressions;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;
using Hunyu.Text.Sentences;

namespace Hunyu.Models.Grounding;

/// <summary>
/// Checks each sentence of a generated answer against the passages it cites: citations to passages that do not exist
/// are rejected; a claim citing nothing is uncited; a cited claim is supported when the cited passages contain every
/// number and Latin name it states, enough of its content words (jieba) and, for Chinese, of its character bigrams,
/// and none of its words comes from another passage instead of the cited one.
/// </summary>
/// <remarks>
/// Lexical, not semantic: a faithful paraphrase in other words can fail (flag rather than remove if the models used
/// paraphrase heavily), and a claim that reuses the passage's words to say something else can pass. A sentence in
/// another script than its passages (an English answer over Chinese evidence) is checked on numbers only and marked
/// <see cref="SupportVerdict.Unverifiable"/>. Immutable and thread-safe once built.
/// </remarks>
public sealed partial class CitationChecker
{
    private const int MinWordLength = 2;

    /// <summary>A passage sentence holding a claimed number must hold at least 1/this of the claim's words.</summary>
    private const int NearbyWordShare = 4;

    /// <summary>Words of preambles and connectives ("根据资料", "according to the passage"): they claim nothing.</summary>
    private static readonly HashSet<string> DiscourseWords = new(StringComparer.Ordinal)
    {
        "根据", "资料", "记载", "显示", "表明", "所述", "提到", "介绍", "指出", "可知", "来看", "材料", "文中", "段落", "上述", "以上",
        "信息", "据悉", "综上", "此外", "另外", "同时", "总之", "总的来说", "具体", "具体来说", "according", "passage", "passages", "based",
        "mentioned", "states", "stated", "source", "sources", "also",
    };
    private readonly GroundingOptions _options;
    private readonly List<Passage> _passages;
    private readonly HashSet<string> _questionWords;

    /// <summary>Prepares the check for one answer's evidence.</summary>
    /// <param name="passages">The passages as numbered in the prompt: <c>passages[0]</c> is <c>[1]</c>. Give the title with the text.</param>
    /// <param name="question">The question: its words never count as taken from a wrong passage.</param>
    /// <param name="options">Thresholds; null for the defaults.</param>
    public CitationChecker(IReadOnlyList<string> passages, string? question = null, GroundingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(passages);
        _options = options ?? new GroundingOptions();
        _passages = [.. passages.Select(p => new Passage(p))];
        _questionWords = question is null ? [] : Words(Fold(question)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The number of passages: valid citations are <c>[1]</c> to <c>[Count]</c>.</summary>
    public int PassageCount => _passages.Count;

    /// <summary>Checks every sentence of <paramref name="answer"/>.</summary>
    public IReadOnlyList<SentenceCheck> CheckAnswer(string answer) => [.. SplitSentences(answer).Select(CheckSentence)];

    /// <summary>Checks one sentence (with its markers).</summary>
    public SentenceCheck CheckSentence(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var claim = StripMarkers(sentence).Trim();
        var markers = Markers(sentence);
        var valid = markers.Where(n => n >= 1 && n <= _passages.Count).Distinct().ToList();
        var invalid = markers.Where(n => n < 1 || n > _passages.Count).Distinct().ToList();
        var folded = Fold(BulletPrefix().Replace(claim, string.Empty));
        var words = Words(folded).Distinct(StringComparer.Ordinal).ToList();
        var numbers = Numbers(folded);
        SentenceCheck Verdict(SupportVerdict verdict, string reason, double support = 0) => new(sentence, claim, valid, invalid, verdict, reason, support);

        // Only text without letters or digits, or a bare lead-in ("要点："), claims nothing; anything else is checked.
        if (!folded.Any(char.IsLetterOrDigit) || (words.Count == 0 && numbers.Count == 0 && folded.TrimEnd().EndsWith(':')))
        {
            return Verdict(SupportVerdict.NotAClaim, "no content words", 1);
        }

        if (markers.Count == 0)
        {
            return Verdict(SupportVerdict.Uncited, "it cites no passage");
        }

        if (valid.Count == 0)
        {
            return Verdict(SupportVerdict.InvalidCitation, string.Create(CultureInfo.InvariantCulture, $"it cites {Cites(invalid)}; there are {_passages.Count} passage(s)"));
        }

        var cited = valid.Select(n => _passages[n - 1]).ToList();
        var where = Cites(valid);
        var missingNumber = numbers.FirstOrDefault(number => !cited.Exists(p => ContainsNumber(p.Digits, number)));
        if (missingNumber is not null)
        {
            return Verdict(SupportVerdict.Unsupported, $"the number {missingNumber} is not in {where}");
        }

        if (IsOtherScript(folded, cited))
        {
            return Verdict(SupportVerdict.Unverifiable, $"written in another script than {where}; only its numbers were checked", 0);
        }

        // The number must stand near what the claim says about it: in a passage sentence sharing some of its words.
        var strayNumber = words.Count < 2 ? null : numbers.FirstOrDefault(number => !cited.Exists(p => p.Sentences.Exists(sentence =>
            ContainsNumber(sentence.Replace(",", string.Empty, StringComparison.Ordinal), number) && words.Count(w => sentence.Contains(w, StringComparison.Ordinal)) * NearbyWordShare >= words.Count)));
        if (strayNumber is not null)
        {
            return Verdict(SupportVerdict.Unsupported, $"the number {strayNumber} is in {where} but not in a sentence about this claim");
        }

        var missingName = Names(claim).FirstOrDefault(name => !cited.Exists(p => p.Text.Contains(name, StringComparison.Ordinal)));
        if (missingName is not null)
        {
            return Verdict(SupportVerdict.Unsupported, $"the name '{missingName}' is not in {where}");
        }

        var found = words.Count(w => cited.Exists(p => p.Text.Contains(w, StringComparison.Ordinal)));
        var wordSupport = words.Count == 0 ? 1 : (double)found / words.Count;
        if (wordSupport < _options.MinWordSupport)
        {
            return Verdict(SupportVerdict.Unsupported, string.Create(CultureInfo.InvariantCulture, $"only {found} of its {words.Count} words are in {where}"), wordSupport);
        }

        var bigrams = CjkBigrams(folded);
        if (bigrams.Count > 0)
        {
            var bigramSupport = (double)bigrams.Count(b => cited.Exists(p => p.Bigrams.Contains(b))) / bigrams.Count;
            if (bigramSupport < _options.MinBigramSupport)
            {
                return Verdict(SupportVerdict.Unsupported, string.Create(CultureInfo.InvariantCulture, $"only {bigramSupport:P0} of its character pairs are in {where}"), wordSupport);
            }
        }

        // A word the cited passages lack but another passage has: the claim was most likely taken from that one.
        for (var i = 0; i < _passages.Count; i++)
        {
            if (valid.Contains(i + 1))
            {
                continue;
            }

            var borrowed = words.FirstOrDefault(w => !_questionWords.Contains(w) && !cited.Exists(p => p.Text.Contains(w, StringComparison.Ordinal)) && _passages[i].Text.Contains(w, StringComparison.Ordinal));
            if (borrowed is not null)
            {
                return Verdict(SupportVerdict.Unsupported, string.Create(CultureInfo.InvariantCulture, $"'{borrowed}' is in [{i + 1}], not in {where}"), wordSupport);
            }
        }

        return Verdict(SupportVerdict.Supported, string.Create(CultureInfo.InvariantCulture, $"{found} of {words.Count} words, every number and name in {where}"), wordSupport);
    }

    /// <summary>
    /// The sentences of a generated answer, each with the citation markers that follow it ("…天。[1]" stays one
    /// sentence even though the splitter ends it at "。").
    /// </summary>
    public static IReadOnlyList<string> SplitSentences(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var sentences = new List<string>();
        foreach (var span in SentenceSplitter.Split(answer))
        {
            var text = answer.Substring(span.Start, span.Length);
            var leading = LeadingMarkers().Match(text);
            if (leading.Success && sentences.Count > 0)
            {
                sentences[^1] += leading.Value.TrimEnd();
                text = text[leading.Length..].Trim();
            }

            if (text.Length > 0)
            {
                sentences.Add(text);
            }
        }

        return sentences;
    }

    /// <summary>The passage numbers cited in <paramref name="sentence"/>, in order: <c>[1]</c>, <c>[1, 3]</c>, <c>[1][3]</c>, <c>【2】</c>, <c>[^2]</c>.</summary>
    public static IReadOnlyList<int> Markers(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var numbers = new List<int>();
        foreach (Match match in Marker().Matches(sentence))
        {
            foreach (var part in match.Groups["n"].Value.Split([',', '，', '、', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                numbers.Add(int.Parse(part, CultureInfo.InvariantCulture));
            }
        }

        return numbers;
    }

    /// <summary><paramref name="sentence"/> without its citation markers.</summary>
    public static string StripMarkers(string sentence) => SpaceBeforePunctuation().Replace(Marker().Replace(sentence, string.Empty), "$1").Trim();

    /// <summary>Text as the check compares it: normalised, lower case.</summary>
    internal static string Fold(string text) => TextNormalizer.Normalize(text).ToLowerInvariant();

    /// <summary>True when <paramref name="number"/> stands in <paramref name="text"/> as a whole number (10 is not in 100).</summary>
    private static bool ContainsNumber(string text, string number)
    {
        for (var at = text.IndexOf(number, StringComparison.Ordinal); at >= 0; at = text.IndexOf(number, at + 1, StringComparison.Ordinal))
        {
            var end = at + number.Length;
            if ((at == 0 || !char.IsAsciiDigit(text[at - 1])) && (end == text.Length || !char.IsAsciiDigit(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static string Cites(IEnumerable<int> numbers) => string.Concat(numbers.Select(n => string.Create(CultureInfo.InvariantCulture, $"[{n}]")));

    private static List<string> Words(string folded) =>
        [.. QueryTerms.ContentWords(folded).Where(w => w.Length >= MinWordLength && !w.All(char.IsDigit) && w.Any(char.IsLetter) && !DiscourseWords.Contains(w))];

    private static List<string> Numbers(string folded) =>
        [.. Number().Matches(folded).Select(m => m.Value.Replace(",", string.Empty, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>Latin names (a capital or a digit inside a word: Nexon, iPhone, GB18030) and titles in 《》.</summary>
    private static IEnumerable<string> Names(string claim)
    {
        foreach (Match match in LatinName().Matches(claim))
        {
            if (match.Value.Skip(1).Any(c => char.IsUpper(c) || char.IsDigit(c)) || char.IsUpper(match.Value[0]))
            {
                yield return Fold(match.Value);
            }
        }

        foreach (Match match in BookTitle().Matches(claim))
        {
            yield return Fold(match.Groups[1].Value);
        }
    }

    private static HashSet<string> CjkBigrams(string folded) =>
        QueryTerms.Bigrams(folded).Where(b => b.Length == 2 && b.All(IsCjk)).ToHashSet(StringComparer.Ordinal);

    private static bool IsOtherScript(string claim, List<Passage> cited)
    {
        // A sentence mixing scripts (a Chinese sentence quoting English names) is checked as usual.
        var claimCjk = claim.Count(IsCjk);
        var claimLatin = claim.Count(char.IsAsciiLetter);
        var passageCjk = cited.Sum(p => p.CjkShare);
        return claimCjk == 0 && claimLatin > 0 && passageCjk / cited.Count > 0.5;
    }

    private static bool IsCjk(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    [GeneratedRegex(@"\[\s*\^?(?<n>\d{1,3}(?:\s*[,，、;]\s*\d{1,3})*)\s*\]|【\s*(?<n>\d{1,3})\s*】")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?:\s*(?:\[\s*\^?\d{1,3}(?:\s*[,，、;]\s*\d{1,3})*\s*\]|【\s*\d{1,3}\s*】))+")]
    private static partial Regex LeadingMarkers();

    [GeneratedRegex(@"\s+([。，！？；：.,!?;:])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d{1,2}[.)、])\s+")]
    private static partial Regex BulletPrefix();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9](?![A-Za-z0-9])")]
    private static partial Regex LatinName();

    [GeneratedRegex(@"《([^》]{1,40})》")]
    private static partial Regex BookTitle();

    /// <summary>One passage, folded once.</summary>
    private sealed class Passage
    {
        public Passage(string text)
        {
            Text = Fold(text);
            Digits = Text.Replace(",", string.Empty, StringComparison.Ordinal);
            Bigrams = CjkBigrams(Text);
            Sentences = [.. SentenceSplitter.Split(Text).Select(span => Text.Substring(span.Start, span.Length))];
            var letters = Text.Count(char.IsLetter);
            CjkShare = letters == 0 ? 0 : (double)Text.Count(IsCjk) / letters;
        }

        public string Text { get; }

        public string Digits { get; }

        public HashSet<string> Bigrams { get; }

        public List<string> Sentences { get; }

        public double CjkShare { get; }
    }
}
