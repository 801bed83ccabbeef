using System.Collections.Frozen;
using Hunyu.Core.Knowledge;

namespace Hunyu.Hosting.Export;

/// <summary>
/// Finds question/answer pairs in FAQ-style documents, in this order of preference:
/// <list type="bullet">
/// <item>a record (CSV row, JSON object) with a question field and an answer field (<c>question</c>/<c>问题</c>,
/// <c>answer</c>/<c>答案</c>, …), read from the "<c>name: value</c>" lines its text holds;</item>
/// <item>marked lines within a section: "问：…答：…", "Q: … A: …", "Question: … Answer: …" (the answer runs to the next
/// question or the end of the section; both may share a line);</item>
/// <item>a heading ending in "?" or "？" with its section's text as the answer.</item>
/// </list>
/// </summary>
/// <remarks>Stateless and thread-safe. Works on the exported (governed, PII-masked) text only.</remarks>
public static class FaqMiner
{
    private static readonly FrozenSet<string> QuestionFields =
        FrozenSet.ToFrozenSet(["question", "q", "query", "faq_question", "问题", "问", "提问", "常见问题"], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> AnswerFields =
        FrozenSet.ToFrozenSet(["answer", "a", "reply", "faq_answer", "答案", "答", "回答", "解答", "答复"], StringComparer.OrdinalIgnoreCase);

    // Longest first, so "问题:" is not read as "问" followed by "题:".
    private static readonly string[] QuestionMarkers = ["question", "常见问题", "提问", "问题", "问", "q"];

    private static readonly string[] AnswerMarkers = ["answer", "答复", "答案", "回答", "解答", "答", "a"];

    /// <summary>The pairs found in <paramref name="document"/>, in reading order.</summary>
    public static IEnumerable<QaPair> Mine(ExportedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (FromRecord(document) is { } record)
        {
            yield return record;
            yield break;
        }

        foreach (var section in document.Sections())
        {
            var marked = 0;
            foreach (var pair in FromMarkers(document, section))
            {
                marked++;
                yield return pair;
            }

            if (marked == 0 && FromHeading(document, section) is { } heading)
            {
                yield return heading;
            }
        }
    }

    /// <summary>The last heading of a section path.</summary>
    public static string LastHeading(string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(sectionPath);
        var cut = sectionPath.LastIndexOf(Chunk.SectionSeparator, StringComparison.Ordinal);
        return (cut < 0 ? sectionPath : sectionPath[(cut + Chunk.SectionSeparator.Length)..]).Trim();
    }

    private static QaPair? FromRecord(ExportedDocument document)
    {
        var keys = document.Metadata.Keys;
        var question = keys.FirstOrDefault(QuestionFields.Contains);
        var answer = keys.FirstOrDefault(AnswerFields.Contains);
        if (question is null || answer is null)
        {
            return null;
        }

        var (questionText, questionAt) = FieldValue(document.Text, question, keys);
        var (answerText, _) = FieldValue(document.Text, answer, keys);
        return questionText.Length > 0 && answerText.Length > 0
            ? new QaPair(OneLine(questionText), answerText, document.CitationAt(questionAt))
            : null;
    }

    /// <summary>The value of the "<paramref name="field"/>: value" line, up to the next line that starts another field.</summary>
    private static (string Value, int Offset) FieldValue(string text, string field, IEnumerable<string> fields)
    {
        var lines = Lines(text, 0, text.Length).ToList();
        var prefix = field + ": ";
        var first = lines.FindIndex(line => text.AsSpan(line.Start, line.End - line.Start).StartsWith(prefix, StringComparison.Ordinal));
        if (first < 0)
        {
            return (string.Empty, 0);
        }

        var end = lines[first].End;
        for (var i = first + 1; i < lines.Count && !fields.Any(f => text.AsSpan(lines[i].Start).StartsWith(f + ": ", StringComparison.Ordinal)); i++)
        {
            end = lines[i].End;
        }

        var start = lines[first].Start + prefix.Length;
        return (text[start..end].Trim(), lines[first].Start);
    }

    private static IEnumerable<QaPair> FromMarkers(ExportedDocument document, TextPiece section)
    {
        string? question = null;
        var questionAt = 0;
        string? answer = null;
        foreach (var (start, end) in Lines(document.Text, section.Start, section.End))
        {
            var line = MarkedLine.Read(document.Text.AsSpan(start, end - start));
            if (line.Question is not null)
            {
                if (Pair(question, answer, document, questionAt) is { } done)
                {
                    yield return done;
                }

                (question, answer, questionAt) = (line.Question, line.Answer, start);
            }
            else if (question is not null && answer is null)
            {
                if (line.Answer is not null)
                {
                    answer = line.Answer;
                }
                else
                {
                    question = $"{question} {line.Text}";
                }
            }
            else if (answer is not null)
            {
                answer = $"{answer}\n{line.Text}";
            }
        }

        if (Pair(question, answer, document, questionAt) is { } last)
        {
            yield return last;
        }
    }

    private static QaPair? FromHeading(ExportedDocument document, TextPiece section)
    {
        var heading = LastHeading(section.SectionPath);
        if (heading.Length < 2 || heading[^1] is not ('?' or '？'))
        {
            return null;
        }

        // The section's text opens with its heading (and any headings right above it): the answer is what follows.
        var headings = section.SectionPath.Split(Chunk.SectionSeparator, StringSplitOptions.TrimEntries);
        var body = Lines(document.Text, section.Start, section.End)
            .Select(line => document.Text[line.Start..line.End].Trim())
            .SkipWhile(line => headings.Contains(line, StringComparer.Ordinal));
        var answer = string.Join('\n', body).Trim();
        return answer.Length > 0 ? new QaPair(heading, answer, section.Citation) : null;
    }

    private static QaPair? Pair(string? question, string? answer, ExportedDocument document, int questionAt) =>
        question is { Length: > 0 } && answer is { Length: > 0 } ? new QaPair(question, answer, document.CitationAt(questionAt)) : null;

    /// <summary>One line of a section: the question (and answer) it opens, the answer it opens, or plain text.</summary>
    private readonly record struct MarkedLine(string? Question, string? Answer, string Text)
    {
        public static MarkedLine Read(ReadOnlySpan<char> line)
        {
            line = StripBullet(line).Trim();
            var text = line.ToString();
            if (Marker(line, QuestionMarkers) is var q && q > 0)
            {
                var rest = line[q..];
                var inline = InlineAnswer(rest);
                return inline < 0
                    ? new MarkedLine(rest.Trim().ToString(), null, text)
                    : new MarkedLine(rest[..inline].Trim().ToString(), rest[(inline + Marker(rest[inline..], AnswerMarkers))..].Trim().ToString(), text);
            }

            return Marker(line, AnswerMarkers) is var a && a > 0 ? new MarkedLine(null, line[a..].Trim().ToString(), text) : new MarkedLine(null, null, text);
        }

        /// <summary>The length of "<c>marker:</c>" (or "：") and the spaces after it at the start of <paramref name="line"/>; 0 when none.</summary>
        private static int Marker(ReadOnlySpan<char> line, string[] markers)
        {
            foreach (var marker in markers)
            {
                if (!line.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var position = marker.Length;
                while (position < line.Length && line[position] == ' ')
                {
                    position++;
                }

                if (position < line.Length && line[position] is ':' or '：')
                {
                    position++;
                    while (position < line.Length && char.IsWhiteSpace(line[position]))
                    {
                        position++;
                    }

                    return position;
                }
            }

            return 0;
        }

        /// <summary>Where an answer marker starts inside a question line ("问：…？答：…"); -1 when none.</summary>
        private static int InlineAnswer(ReadOnlySpan<char> rest)
        {
            for (var i = 1; i < rest.Length; i++)
            {
                // A Latin marker needs a space before it, so "data:" is not read as "a:".
                var boundary = rest[i - 1] == ' ' || !char.IsAsciiLetter(rest[i]);
                if (boundary && Marker(rest[i..], AnswerMarkers) > 0)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The line without a list bullet or number in front ("- ", "1. ", "1、", "1) ").</summary>
        private static ReadOnlySpan<char> StripBullet(ReadOnlySpan<char> line)
        {
            line = line.TrimStart();
            var digits = 0;
            while (digits < line.Length && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }

            if (digits > 0 && digits < line.Length && line[digits] is '.' or '、' or ')' or '）')
            {
                return line[(digits + 1)..];
            }

            return line.Length > 1 && line[0] is '-' or '*' or '•' or '·' && line[1] == ' ' ? line[2..] : line;
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<(int Start, int End)> Lines(string text, int start, int end)
    {
        while (start < end)
        {
            var newline = text.IndexOf('\n', start, end - start);
            var lineEnd = newline < 0 ? end : newline;
            if (lineEnd > start)
            {
                yield return (start, lineEnd);
            }

            start = lineEnd + 1;
        }
    }
}
