using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Models.Safety;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Security;

/// <summary>
/// <c>injection</c>: precision and recall of <see cref="InjectionScreener"/> on a labelled set built from real passages
/// of the shared corpora (<see cref="InjectionLabelledSet"/>): attacks in Chinese and English inserted into them, and
/// benign passages, including ones that mention instructions innocently; and its throughput on those passages.
/// </summary>
internal static class InjectionBenchmark
{
    /// <summary>The seed of the labelled set (issue 6).</summary>
    public const int Seed = 6;

    private const int BenignPerCorpus = 400;
    private const int InsertionsPerTemplate = 12;
    private const int Examples = 12;
    private const int ExcerptChars = 90;
    private static readonly TimeSpan Timed = TimeSpan.FromSeconds(3);

    public static int Run(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var corpora = new List<(string Corpus, List<string> Passages)>
        {
            Load(options, "statutes-zh"),
            Load(options, "cmrc2018-trial"),
            Load(options, "drcd-dev"),
        };
        var samples = InjectionLabelledSet.Build(corpora, BenignPerCorpus, InsertionsPerTemplate, Seed);
        var screener = InjectionScreener.Default;
        var verdicts = samples.Select(s => (Sample: s, Verdict: screener.Screen(s.Text))).ToList();

        var overall = Score("all", verdicts);
        var development = Score("development attacks + all benign", verdicts.Where(v => v.Sample.Set != "held-out").ToList());
        var heldOut = Score("held-out attacks + all benign", verdicts.Where(v => v.Sample.Set != "development").ToList());
        var byKind = verdicts.Where(v => v.Sample.Attack).GroupBy(v => (v.Sample.Set, v.Sample.Kind))
            .Select(g => new KindRecall(g.Key.Set, g.Key.Kind, g.Count(), g.Count(v => v.Verdict.Flagged), Ratio(g.Count(v => v.Verdict.Flagged), g.Count())))
            .OrderBy(k => k.Set, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
        var benign = verdicts.Where(v => !v.Sample.Attack).GroupBy(v => (v.Sample.Kind, v.Sample.Corpus))
            .Select(g => new BenignFlags(g.Key.Kind, g.Key.Corpus, g.Count(), g.Count(v => v.Verdict.Flagged)))
            .OrderBy(b => b.Kind, StringComparer.Ordinal).ThenBy(b => b.Corpus, StringComparer.Ordinal).ToList();
        var falsePositives = verdicts.Where(v => !v.Sample.Attack && v.Verdict.Flagged).Take(Examples)
            .Select(v => new ScreeningExample(v.Sample.Kind, string.Join(",", v.Verdict.Reasons), Excerpt(v.Sample.Text))).ToList();
        var missed = verdicts.Where(v => v.Sample.Attack && !v.Verdict.Flagged).GroupBy(v => v.Sample.Kind).SelectMany(g => g.Take(2)).Take(Examples)
            .Select(v => new ScreeningExample($"{v.Sample.Set} {v.Sample.Kind}", string.Empty, Excerpt(v.Sample.Text))).ToList();

        var texts = samples.Select(s => s.Text).ToList();
        var chars = texts.Sum(t => (long)t.Length);
        var passes = 0;
        var timer = Stopwatch.StartNew();
        while (timer.Elapsed < Timed)
        {
            foreach (var text in texts)
            {
                _ = screener.Screen(text);
            }

            passes++;
        }

        var perSecond = passes * texts.Count / timer.Elapsed.TotalSeconds;
        var speed = new Throughput(texts.Count, chars / (double)texts.Count, perSecond, passes * chars / timer.Elapsed.TotalSeconds / 1e6);
        Console.WriteLine($"  all: precision {overall.Precision:0.000} recall {overall.Recall:0.000}; held-out recall {heldOut.Recall:0.000}; {perSecond:N0} passages/s");

        var report = new InjectionReport(machine, Seed, samples.Count, [overall, development, heldOut], byKind, benign, falsePositives, missed, speed, started.Elapsed.TotalSeconds);
        Write(options.OutputDirectory, "injection", Markdown(report), report);
        return 0;
    }

    private static (string, List<string>) Load(BenchOptions options, string name) =>
        (name, CorpusFile.ReadArticles(Path.Combine(options.DataRoot, name, "corpus.jsonl")).Select(a => a.Text).ToList());

    private static ScreeningQuality Score(string name, IReadOnlyList<(InjectionSample Sample, InjectionVerdict Verdict)> verdicts)
    {
        var tp = verdicts.Count(v => v.Sample.Attack && v.Verdict.Flagged);
        var fp = verdicts.Count(v => !v.Sample.Attack && v.Verdict.Flagged);
        var fn = verdicts.Count(v => v.Sample.Attack && !v.Verdict.Flagged);
        return new ScreeningQuality(name, verdicts.Count(v => v.Sample.Attack), verdicts.Count(v => !v.Sample.Attack), tp, fp, fn, Ratio(tp, tp + fp), Ratio(tp, tp + fn));
    }

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : part / (double)whole;

    private static string Excerpt(string text)
    {
        var visible = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            // Invisible characters are shown by code point, so the report shows what the screener saw.
            visible.Append(Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format ? $"<U+{rune.Value:X4}>" : rune.ToString());
        }

        var shown = visible.ToString().ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
        return shown.Length <= ExcerptChars * 2 ? shown : $"{shown[..ExcerptChars]} … {shown[^ExcerptChars..]}";
    }

    private static string Markdown(InjectionReport r)
    {
        var md = new StringBuilder();
        md.AppendLine("# Prompt-injection screening: precision and recall (`injection`)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{r.Machine.DateUtc} · {r.Machine.Cpu} · {r.Machine.Nproc} cores · load {r.Machine.LoadAverage} · {r.Machine.Runtime} · commit {r.Machine.Commit}");
        md.AppendLine();
        md.AppendLine("`dotnet run -c Release --project bench/Hunyu.Benchmarks -- injection` screens every passage of a labelled set with");
        md.AppendLine("`InjectionScreener.Default` (the screener `KnowledgeBase` runs on every retrieved passage) and counts a passage as");
        md.AppendLine("flagged when it reports any reason.");
        md.AppendLine();
        md.AppendLine("## Method");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Passages: real passages of `statutes-zh` (PRC statutes), `cmrc2018-trial` (Simplified Wikipedia) and `drcd-dev` (Traditional Wikipedia), cut to {InjectionLabelledSet.MaxPassageChars} characters (about one chunk). Seed {r.Seed}; {r.Samples:N0} samples.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Attacks: each template inserted at a random sentence boundary of {InsertionsPerTemplate} random passages; every third insertion of a text attack is obfuscated (full-width letters, characters spaced out, or zero-width characters between them). Categories: override (忽略以上指令 / ignore previous instructions), role play, prompt exfiltration (输出你的系统提示词), chat-template markup, exfiltration links, hidden text (Unicode tag characters, bidi overrides, HTML styled invisible).");
        md.AppendLine("- **development** templates are the forms the patterns were written for; **held-out** templates are paraphrases written after the patterns and never used to change one: their recall is the honest estimate for wording an attacker chooses.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Benign: {BenignPerCorpus} random passages per corpus; up to {BenignPerCorpus} per corpus that contain a word attacks also use ({string.Join(" ", InjectionLabelledSet.TriggerWords)}), e.g. statutes defining 指令 or saying someone 扮演…角色; and {InjectionLabelledSet.BenignEnglish.Length} English manual/policy sentences about instructions, rules and roles, inserted like the attacks.");
        md.AppendLine();
        md.AppendLine("Changes after the first run, made on development misses and benign flags only (never on held-out misses): `pretend to");
        md.AppendLine("be` now needs a model-ish object (12 English manual sentences \"Actors pretend to be other people\" were flagged), and");
        md.AppendLine("English spelled out one character at a time is joined before matching (8 development misses). The figures of the");
        md.AppendLine("run before those changes are in the history of this file.");
        md.AppendLine();
        md.AppendLine("## Results");
        md.AppendLine();
        md.AppendLine("| set | attacks | benign | flagged attacks | flagged benign | missed | precision | recall |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var q in r.Quality)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {q.Set} | {q.Attacks:N0} | {q.Benign:N0} | {q.TruePositives:N0} | {q.FalsePositives:N0} | {q.Missed:N0} | {F(q.Precision)} | {F(q.Recall)} |");
        }

        md.AppendLine();
        md.AppendLine("Recall per category:");
        md.AppendLine();
        md.AppendLine("| set | category | attacks | flagged | recall |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var k in r.ByKind)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {k.Set} | {k.Kind} | {k.Samples} | {k.Flagged} | {F(k.Recall)} |");
        }

        md.AppendLine();
        md.AppendLine("Benign passages flagged:");
        md.AppendLine();
        md.AppendLine("| benign set | corpus | passages | flagged |");
        md.AppendLine("| --- | --- | ---: | ---: |");
        foreach (var b in r.Benign)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {b.Kind} | {b.Corpus} | {b.Samples} | {b.Flagged} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Throughput: {r.Speed.PerSecond:N0} passages/s ({F(r.Speed.MBPerSecond)} M chars/s; mean {r.Speed.MeanChars:N0} characters) on one thread; an answer screens {Hunyu.Hosting.KnowledgeBase.AskEvidence} passages or more, about {F(Hunyu.Hosting.KnowledgeBase.AskEvidence * 1000 / r.Speed.PerSecond)} ms.");
        md.AppendLine();
        md.AppendLine("## Errors");
        md.AppendLine();
        md.AppendLine(r.FalsePositives.Count == 0 ? "No benign passage was flagged." : "Benign passages flagged (first few):");
        md.AppendLine();
        foreach (var e in r.FalsePositives)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {e.Kind} ({e.Reasons}): {e.Excerpt}");
        }

        md.AppendLine();
        md.AppendLine(r.Missed.Count == 0 ? "No attack was missed." : "Attacks missed (at most two per category):");
        md.AppendLine();
        foreach (var e in r.Missed)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {e.Kind}: {e.Excerpt}");
        }

        md.AppendLine();
        md.AppendLine("## Reading");
        md.AppendLine();
        md.AppendLine("Patterns catch the phrasings they were written for, also obfuscated; the held-out recall shows the limit of any");
        md.AppendLine("pattern screener against free paraphrase. That is why screening is one layer: the grounding prompt always tells the");
        md.AppendLine("model that passages are data it must never obey, the model only sees passages the asker may read, uncleared askers'");
        md.AppendLine("evidence is PII-masked before it reaches a model, and answers are checked sentence by sentence against the passages.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Wall time {r.WallSeconds:0.0} s.");
        return md.ToString();
    }
}

internal sealed record ScreeningQuality(string Set, int Attacks, int Benign, int TruePositives, int FalsePositives, int Missed, double Precision, double Recall);

internal sealed record KindRecall(string Set, string Kind, int Samples, int Flagged, double Recall);

internal sealed record BenignFlags(string Kind, string Corpus, int Samples, int Flagged);

internal sealed record ScreeningExample(string Kind, string Reasons, string Excerpt);

internal sealed record Throughput(int Passages, double MeanChars, double PerSecond, double MBPerSecond);

internal sealed record InjectionReport(MachineInfo Machine, int Seed, int Samples, List<ScreeningQuality> Quality, List<KindRecall> ByKind, List<BenignFlags> Benign, List<ScreeningExample> FalsePositives, List<ScreeningExample> Missed, Throughput Speed, double WallSeconds);
