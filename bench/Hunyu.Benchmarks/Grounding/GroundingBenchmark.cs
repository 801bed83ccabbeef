using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Search;
using Hunyu.Models.Extractive;
using Hunyu.Models.Grounding;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Grounding;

/// <summary>
/// <c>grounding</c>: precision and recall of the <see cref="CitationChecker"/> on a labelled set built from the CMRC2018
/// trial set. Each question gets its relevant passage and two others as numbered evidence; the extractive answerer's
/// cited sentences are the supported examples (as is, and trimmed with a preamble, a mild paraphrase); perturbed copies
/// are the unsupported ones: a number changed, a word swapped for one from another passage, the right claim citing
/// the wrong passage, a citation to a passage that does not exist, and no citation.
/// </summary>
internal static partial class GroundingBenchmark
{
    /// <summary>The development set's seed: its errors led to three rules (see the report's method).</summary>
    public const int Seed = 5;

    /// <summary>A set generated after the last change to the checker, and not used to change it.</summary>
    public const int HeldOutSeed = 55;

    private const int Distractors = 2;
    private const int Examples = 4;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var directory = Path.Combine(options.DataRoot, "cmrc2018-trial");
        var articles = CorpusFile.ReadArticles(Path.Combine(directory, "corpus.jsonl")).ToDictionary(a => a.Id, StringComparer.Ordinal);
        var queries = CorpusFile.ReadQueries(Path.Combine(directory, "queries.jsonl"));
        var relevant = File.ReadLines(Path.Combine(directory, "qrels.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        var ids = articles.Keys.Order(StringComparer.Ordinal).ToList();
        var development = await BuildAsync(Seed, ids, articles, queries, relevant);
        var heldOut = await BuildAsync(HeldOutSeed, ids, articles, queries, relevant);
        var report = new Report(machine, started.Elapsed.TotalSeconds, Summarize(heldOut.Samples, heldOut.Questions, HeldOutSeed), Summarize(development.Samples, development.Questions, Seed));
        foreach (var set in new[] { report.HeldOut, report.Development })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seed {set.Seed}: precision {set.Precision:0.000}  recall {set.Recall:0.000}  over {set.Samples} sentences"));
        }

        Write(options.OutputDirectory, "grounding", ToMarkdown(report, Path.GetRelativePath(options.RepoRoot, directory)), report);
        return 0;
    }

    private static async Task<(List<Sample> Samples, int Questions)> BuildAsync(int seed, List<string> ids, Dictionary<string, Article> articles, List<(string Id, string Text)> queries, Dictionary<string, string> relevant)
    {
        var random = new Random(seed);
        var answerer = new ExtractiveAnswerer();
        var samples = new List<Sample>();
        var questionsUsed = 0;
        foreach (var (queryId, question) in queries)
        {
            if (!relevant.TryGetValue(queryId, out var relevantId) || !articles.TryGetValue(relevantId, out var target))
            {
                continue;
            }

            var others = ids.Where(id => id != relevantId).OrderBy(_ => random.Next()).Take(Distractors).Select(id => articles[id]).ToList();
            var evidence = others.Append(target).OrderBy(_ => random.Next()).ToList();
            var hits = evidence.Select((a, i) => Hit(i + 1, a)).ToList();
            var answer = await answerer.AnswerAsync(question, hits);
            if (answer.Abstained)
            {
                continue;
            }

            questionsUsed++;
            var passages = evidence.Select(a => $"{a.Title}\n{a.Text}").ToList();
            var checker = new CitationChecker(passages, question);
            foreach (var (claim, cited) in Claims(answer.Text, answer.Citations.ToDictionary(c => c.Number, c => hits.FindIndex(h => h.CitationId == c.CitationId) + 1)))
            {
                samples.AddRange(Variants(claim, cited, passages, question, random).Select(v => v with { Check = checker.CheckSentence(v.Sentence) }));
            }
        }

        return (samples, questionsUsed);
    }

    /// <summary>The extractive answer's sentences with the evidence number each cites.</summary>
    private static IEnumerable<(string Claim, int Cited)> Claims(string text, Dictionary<int, int> evidenceNumber)
    {
        foreach (Match match in AnswerSentence().Matches(text))
        {
            yield return (match.Groups[1].Value.Trim(), evidenceNumber[int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)]);
        }
    }

    private static IEnumerable<Sample> Variants(string claim, int cited, List<string> passages, string question, Random random)
    {
        string Cite(string text, int n) => string.Create(CultureInfo.InvariantCulture, $"{text}[{n}]");
        yield return new Sample("supported: verbatim", true, Cite(claim, cited));

        // A mild paraphrase: a preamble, and the last clause dropped when enough is left.
        var cut = claim.TrimEnd('。', '.', '！', '？').LastIndexOf('，');
        var trimmed = cut >= 10 ? claim[..cut] + "。" : claim;
        yield return new Sample("supported: preamble + trimmed", true, Cite("据资料记载，" + trimmed, cited));

        var folded = TextNormalizer.Normalize(claim);
        var number = NumberPattern().Matches(claim).Select(m => m.Value).FirstOrDefault();
        if (number is not null && long.TryParse(number, CultureInfo.InvariantCulture, out var value))
        {
            var changed = (value + 1 + random.Next(9)).ToString(CultureInfo.InvariantCulture);
            yield return new Sample("unsupported: number changed", false, Cite(ReplaceFirst(claim, number, changed), cited));
        }

        var passage = TextNormalizer.Normalize(passages[cited - 1]);
        var questionText = TextNormalizer.Normalize(question);
        var words = QueryTerms.ContentWords(folded).Where(w => w.Length >= 2 && w.All(char.IsLetter) && !questionText.Contains(w, StringComparison.Ordinal)).Distinct().ToList();
        var other = Enumerable.Range(1, passages.Count).First(n => n != cited);
        var donors = QueryTerms.ContentWords(TextNormalizer.Normalize(passages[other - 1]))
            .Where(w => w.Length >= 2 && w.All(char.IsLetter) && !passage.Contains(w, StringComparison.Ordinal))
            .Distinct()
            .ToList();
        if (words.Count > 0 && donors.Count > 0)
        {
            var word = words[random.Next(words.Count)];
            var sameLength = donors.Where(d => d.Length == word.Length).ToList();
            var donor = (sameLength.Count > 0 ? sameLength : donors)[random.Next(sameLength.Count > 0 ? sameLength.Count : donors.Count)];
            if (claim.Contains(word, StringComparison.Ordinal))
            {
                yield return new Sample("unsupported: word swapped from another passage", false, Cite(ReplaceFirst(claim, word, donor), cited));
            }
        }

        yield return new Sample("unsupported: wrong passage cited", false, Cite(claim, other));
        yield return new Sample("unsupported: citation to no passage", false, Cite(claim, passages.Count + 1 + random.Next(6)));
        yield return new Sample("unsupported: no citation", false, claim);
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }

    private static SetResult Summarize(List<Sample> samples, int questions, int seed)
    {
        // "Positive" = flagged as not grounded: what the check exists to catch.
        var flagged = samples.Where(s => !s.Check!.IsGrounded).ToList();
        var truePositives = flagged.Count(s => !s.Supported);
        var negatives = samples.Count(s => !s.Supported);
        var kinds = samples.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new KindResult(
            g.Key,
            g.Count(),
            g.Count(s => !s.Check!.IsGrounded),
            g.GroupBy(s => s.Check!.Verdict.ToString()).OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary(v => v.Key, v => v.Count()),
            [.. g.Where(s => s.Supported == !s.Check!.IsGrounded).Take(Examples).Select(s => $"{s.Sentence} → {s.Check!.Verdict}: {s.Check.Reason}")])).ToList();
        return new SetResult(
            seed,
            questions,
            samples.Count,
            flagged.Count == 0 ? double.NaN : (double)truePositives / flagged.Count,
            negatives == 0 ? double.NaN : (double)truePositives / negatives,
            kinds);
    }

    private static string ToMarkdown(Report report, string dataset)
    {
        var md = new StringBuilder();
        md.AppendLine("# Citation checking: precision and recall").AppendLine();
        md.AppendLine(report.Machine.ToMarkdown()).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/Hunyu.Benchmarks -- grounding` over `{dataset}` ({F(report.Seconds)} s for both sets).").AppendLine();
        md.AppendLine("Each question's evidence is its relevant passage and two random others of the corpus, in random order and numbered [1]–[3]. " +
            "The extractive answerer's cited sentences are the supported examples, as is and with a preamble (据资料记载，) and the last clause dropped (a mild paraphrase); " +
            "their perturbed copies are the unsupported ones: the first number changed (+1 to +9), a word not in the question swapped for a word of another passage that the cited one lacks, " +
            "the claim citing another passage, a citation to a passage that does not exist, no citation. A sentence counts as *flagged* when the checker's verdict is Unsupported, Uncited or InvalidCitation. " +
            "Precision = flagged unsupported / all flagged; recall = flagged unsupported / all unsupported.").AppendLine();
        md.AppendLine("Method: the errors of the first run, on the development set (seed 5; its figures are in the history of this file), led to three rules: " +
            "preamble words (根据, 资料, 记载, according, …) claim nothing; a claimed number must stand in a passage sentence that shares a quarter of the claim's words; " +
            "only a sentence with no CJK character at all counts as written in another script. The held-out set (seed 55) was generated after that change and not used to change anything.").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| set | questions | sentences | precision | recall |").AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, set) in new[] { ("held out (seed 55)", report.HeldOut), ("development (seed 5)", report.Development) })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {set.Questions} | {set.Samples} | **{set.Precision:0.000}** | **{set.Recall:0.000}** |");
        }

        foreach (var (name, set) in new[] { ("Held-out set", report.HeldOut), ("Development set", report.Development) })
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {name} (seed {set.Seed})").AppendLine();
            md.AppendLine("| kind | sentences | flagged | share flagged | verdicts |").AppendLine("| --- | ---: | ---: | ---: | --- |");
            foreach (var kind in set.Kinds)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Kind} | {kind.Count} | {kind.Flagged} | {(double)kind.Flagged / kind.Count:0.000} | {string.Join(", ", kind.Verdicts.Select(v => $"{v.Key} {v.Value}"))} |");
            }

            md.AppendLine().AppendLine("Errors (up to four per kind: supported sentences flagged, unsupported ones passed):").AppendLine();
            foreach (var kind in set.Kinds.Where(k => k.Errors.Count > 0))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {kind.Kind}:");
                foreach (var error in kind.Errors)
                {
                    md.AppendLine(CultureInfo.InvariantCulture, $"  - {error.ReplaceLineEndings(" ")}");
                }
            }
        }

        md.AppendLine().AppendLine("Limits: the check is lexical. A word swapped for one that also occurs in the cited passage (a short word found inside a longer one), or a number changed to another " +
            "that the passage states in a sentence about the same thing, passes. The distractors are random articles, so a wrong citation is easier to catch here than among retrieved neighbours " +
            "on one topic, and a real model's freer paraphrase is flagged more often than the mild one here (use the Flag policy for such models).");
        return md.ToString();
    }

    private static SearchHit Hit(int rank, Article article) => new()
    {
        Rank = rank,
        Score = 1.0 / rank,
        CitationId = article.Id + ":0",
        DocumentId = article.Id,
        DocumentKey = article.Id,
        ChunkOrdinal = 0,
        Domain = "cmrc",
        SourceId = "cmrc",
        Title = article.Title,
        Uri = article.Id,
        Text = article.Text,
        Snippet = article.Text,
    };

    [GeneratedRegex(@"(.+?)\s*\[(\d+)\]\s*")]
    private static partial Regex AnswerSentence();

    [GeneratedRegex(@"\d{1,9}")]
    private static partial Regex NumberPattern();

    private sealed record Sample(string Kind, bool Supported, string Sentence, SentenceCheck? Check = null);

    private sealed record KindResult(string Kind, int Count, int Flagged, Dictionary<string, int> Verdicts, List<string> Errors);

    private sealed record SetResult(int Seed, int Questions, int Samples, double Precision, double Recall, List<KindResult> Kinds);

    private sealed record Report(MachineInfo Machine, double Seconds, SetResult HeldOut, SetResult Development);
}
