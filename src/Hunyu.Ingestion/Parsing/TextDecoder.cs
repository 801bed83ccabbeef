using System.Collections.Frozen;
using System.Text;
using System.Text.Unicode;
using UtfUnknown;

namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// Turns the bytes of a text file into a string, Chinese first: a byte order mark wins; else UTF-8 when the bytes are
/// valid UTF-8; else a declared charset (HTML) when the bytes are valid in it; else GB18030 (superset of GBK and
/// GB2312) or Big5, whichever decodes strictly and reads as Chinese; else UTF.Unknown's guess. Binary content is refused.
/// </summary>
/// <remarks>
/// <para>
/// Why not UTF.Unknown alone: on 400 random slices per length from the shared eval corpora (stard and cmrc2018 text
/// encoded as GBK, drcd as Big5), UTF.Unknown finds GBK in 0% of 2–4-character slices, 23–58% at 6 and 43–88% at 8
/// characters, and still mislabels 0.5–1.5% of Big5 slices of 32–200 characters, sometimes with confidence 1.0.
/// This class decodes strictly with both GB18030 and Big5 and scores the non-ASCII characters against the candidate's
/// own character set (level-1 hanzi and CJK punctuation 1, level-2 hanzi 0.6, anything else 0); the better score wins
/// if at least 0.5, a tie going to GB18030. Measured the same way: GBK 99.6–100% at every length from 2 characters
/// (the misses are single characters whose GBK bytes are also valid UTF-8, e.g. 枚 = "ö"), Big5 95.8% at 2 characters,
/// 97.7% at 3, 99.5% at 4, 100% from 8 (two-character Big5 strings that also read as two common simplified hanzi,
/// 區域 / 跋办, cannot be told apart).
/// </para>
/// <para>
/// Guards: short GBK that happens to be valid UTF-8 (医院 = "ҽԺ") is caught when its UTF-8 reading mixes scripts or
/// uses rare letters and its GB18030 reading is all common Chinese; UTF.Unknown is asked first for Japanese and Korean
/// multi-byte encodings when it is at least 90% sure; EUC-KR (whose hangul rows coincide with GB2312 level-1 hanzi) is
/// recognised by word spaces and an all-hangul reading. Known limits: Japanese or Korean text of under about 8
/// characters may be read as Chinese; short Western text in a legacy code page is read as Windows-1252.
/// </para>
/// <para>Thread-safe: the class holds no mutable state.</para>
/// </remarks>
public static class TextDecoder
{
    /// <summary>How many leading bytes are examined to choose an encoding (64 KB).</summary>
    public const int SampleBytes = 64 * 1024;

    // Score a Chinese decoding needs to win. Genuine text scores 0.9-1.0, short text with one rare character 0.5 and
    // up; Latin-1 and Shift_JIS bytes that happen to decode as GB18030 give GBK-extension hanzi and score near 0.
    private const double MinChineseScore = 0.5;

    // Score a Chinese decoding needs to beat a single-byte charset the file declares.
    private const double MinChineseOverDeclared = 0.9;

    // What a level-2 hanzi (GB2312 0xD8-0xF7, Big5 0xC940-0xF9D5) adds to the score: real, but less telling.
    private const double LessCommonWeight = 0.6;

    // Control characters (other than tab, line breaks, form feed and ESC for coloured logs) and U+FFFD above this
    // share of the examined text mean the file is binary.
    private const double MaxControlShare = 0.05;

    // UTF-16 without a BOM: share of the decoded characters that must be ordinary text characters.
    private const double MinUtf16TextShare = 0.9;

    // Korean read as EUC-KR: share of hangul among non-ASCII characters, and of spaces between words.
    private const double MinHangulShare = 0.9;
    private const double MinKoreanSpaceShare = 0.1;

    // UTF.Unknown is trusted over the Chinese scoring only for these, and only when this sure.
    private const float MinForeignConfidence = 0.9f;

    private static readonly FrozenSet<string> ForeignMultiByte =
        FrozenSet.ToFrozenSet(["shift_jis", "euc-jp", "euc-kr", "iso-2022-jp", "iso-2022-kr", "ks_c_5601-1987"], StringComparer.OrdinalIgnoreCase);

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Lazy<FrozenSet<char>> GbCommon = new(() => GbHanzi(0xB0, 0xD7));

    private static readonly Lazy<FrozenSet<char>> GbLessCommon = new(() => GbHanzi(0xD8, 0xF7));

    private static readonly Lazy<FrozenSet<char>> Big5Common = new(() => Big5Hanzi(0xA4, 0xC6, lastLow: 0x7E));

    private static readonly Lazy<FrozenSet<char>> Big5LessCommon = new(() => Big5Hanzi(0xC9, 0xF9, lastLow: 0xD5));

    static TextDecoder()
    {
        // GB18030, GBK, Big5 and the single-byte code pages live in the code pages provider; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Decodes a whole file.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="fileName">The file name, for messages.</param>
    /// <param name="declared">An encoding the file declares (HTML meta charset), used when the bytes are not UTF-8 but valid in it.</param>
    /// <exception cref="Core.Errors.HunyuException"><c>corrupt_input</c> when the bytes look binary.</exception>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string fileName, Encoding? declared = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var sample = bytes[..Math.Min(bytes.Length, SampleBytes)];
        var (encoding, bomLength) = Detect(sample, sample.Length == bytes.Length, fileName, declared);
        var body = bytes[bomLength..];

        string text;
        var invalid = false;
        try
        {
            text = Strict(encoding).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            // The sample was valid but a later part is not: keep the text, mark the loss.
            text = encoding.GetString(body);
            invalid = true;
        }

        RequireText(text.AsSpan(0, Math.Min(text.Length, SampleBytes)), fileName);
        return new DecodedText(text, NameOf(encoding), invalid || text.Contains('\uFFFD', StringComparison.Ordinal));
    }

    /// <summary>Reads and decodes a whole stream.</summary>
    /// <exception cref="Core.Errors.HunyuException"><c>corrupt_input</c> when the bytes look binary.</exception>
    public static DecodedText Decode(Stream content, string fileName, Encoding? declared = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), fileName, declared);
    }

    /// <summary>
    /// Chooses the encoding from the first <see cref="SampleBytes"/> bytes and returns a reader over the whole stream,
    /// so record files stream in flat memory. Invalid bytes later in the stream become U+FFFD.
    /// </summary>
    /// <param name="content">The stream, read from its current position; the reader does not close it.</param>
    /// <param name="fileName">The file name, for messages.</param>
    /// <param name="encodingName">The chosen encoding's name.</param>
    /// <exception cref="Core.Errors.HunyuException"><c>corrupt_input</c> when the sample looks binary.</exception>
    public static TextReader OpenReader(Stream content, string fileName, out string encodingName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var sample = new byte[SampleBytes];
        var length = content.ReadAtLeast(sample, sample.Length, throwOnEndOfStream: false);
        var complete = length < sample.Length;
        var (encoding, bomLength) = Detect(sample.AsSpan(0, length), complete, fileName, declared: null);
        RequireText(encoding.GetString(sample, bomLength, TrimIncomplete(sample.AsSpan(bomLength, length - bomLength), encoding, complete)), fileName);
        encodingName = NameOf(encoding);
        var replay = new ReplayStream(sample.AsMemory(bomLength, length - bomLength), content);
        return new StreamReader(replay, encoding, detectEncodingFromByteOrderMarks: false);
    }

    /// <summary>Resolves a charset label (<c>gbk</c>, <c>gb2312</c>, <c>big5</c>, <c>utf-8</c>, …) to an encoding; GB2312 and GBK resolve to their superset GB18030. Null when unknown.</summary>
    public static Encoding? GetEncoding(string? label)
    {
        var name = label?.Trim().Trim('"', '\'').ToLowerInvariant();
        switch (name)
        {
            case null or "":
                return null;
            case "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" or "cp936" or "windows-936" or "chinese" or "csgb2312" or "iso-ir-58" or "gb18030":
                return Encoding.GetEncoding(54936);
            case "big5" or "big5-hkscs" or "cn-big5" or "x-x-big5" or "csbig5" or "cp950":
                return Encoding.GetEncoding(950);
            case "utf-8" or "utf8" or "unicode-1-1-utf-8":
                return Encoding.UTF8;
            default:
                try
                {
                    return Encoding.GetEncoding(name);
                }
                catch (ArgumentException)
                {
                    return null;
                }
        }
    }

    private static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> sample, bool complete, string fileName, Encoding? declared)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }

        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }

        if (sample.Contains((byte)0))
        {
            return (DetectUtf16WithoutBom(sample, complete) ?? throw LooksBinary(fileName), 0);
        }

        if (Utf8.IsValid(sample[..TrimIncomplete(sample, Encoding.UTF8, complete)]))
        {
            return (IsGbkPosingAsUtf8(sample, complete) ? Encoding.GetEncoding(54936) : Encoding.UTF8, 0);
        }

        if (declared is not null && declared.CodePage != Encoding.UTF8.CodePage && TryStrict(declared, sample, complete) is not null)
        {
            // COMPAT: old Chinese sites declare ISO-8859-1 or Windows-1252 over GBK bytes; a single-byte declaration
            // accepts any bytes, so a clearly Chinese reading beats it.
            var chineseReading = declared.IsSingleByte ? BestChinese(sample, complete, strict: true, MinChineseOverDeclared) : null;
            return (chineseReading ?? declared, 0);
        }

        var guess = CharsetDetector.DetectFromBytes(sample.ToArray()).Detected;
        var guessed = guess?.Encoding ?? GetEncoding(guess?.EncodingName);
        if (guess is not null && guessed is not null && guess.Confidence >= MinForeignConfidence
            && ForeignMultiByte.Contains(guess.EncodingName) && TryStrict(guessed, sample, complete) is not null)
        {
            return (guessed, 0);
        }

        var chinese = BestChinese(sample, complete, strict: true);
        if (chinese is not null)
        {
            return (LooksKorean(sample, complete) ? Encoding.GetEncoding(51949) : chinese, 0);
        }

        if (guessed is not null && guessed.CodePage != Encoding.UTF8.CodePage && TryStrict(guessed, sample, complete) is not null)
        {
            // Short Western text gets a random ISO-8859 guess; Windows-1252 is what such files nearly always are.
            var westernDefault = guessed.IsSingleByte && (guess!.Confidence < MinForeignConfidence || guessed.CodePage == 28591)
                && TryStrict(Encoding.GetEncoding(1252), sample, complete) is not null;
            return (westernDefault ? Encoding.GetEncoding(1252) : guessed, 0);
        }

        // Nothing decodes cleanly and reads as Chinese. A GBK file with a damaged or cut character still reads as
        // Chinese with a U+FFFD or two; else Windows-1252, which takes almost any byte; the binary check refuses junk.
        if (BestChinese(sample, complete, strict: false) is { } damaged)
        {
            return (damaged, 0);
        }

        return (TryStrict(Encoding.GetEncoding(1252), sample, complete) is not null ? Encoding.GetEncoding(1252) : Encoding.GetEncoding(54936), 0);
    }

    // Short GBK text can be valid UTF-8 by accident: 医院 (D2 BD D4 BA) reads as Cyrillic ҽ + Armenian Ժ, 取水权 as
    // Latin ȡˮȨ. Such text has only two-byte UTF-8 characters (no CJK) that mix scripts or are rare (outside the
    // everyday Latin, Greek, Cyrillic, Hebrew and Arabic letters), and reads as wholly common Chinese in GB18030.
    // Real UTF-8 text in one script (вода, café, νερό) is left alone.
    private static bool IsGbkPosingAsUtf8(ReadOnlySpan<byte> sample, bool complete)
    {
        var utf8 = Encoding.UTF8.GetString(sample[..TrimIncomplete(sample, Encoding.UTF8, complete)]);
        var script = -1;
        var suspicious = false;
        foreach (var c in utf8)
        {
            if (c < 0x80)
            {
                continue;
            }

            if (c >= 0x800)
            {
                return false;
            }

            var block = c switch
            {
                < '\u0370' => 0,  // Latin-1 supplement, Latin extended, IPA, diacritics
                < '\u0400' => 1,  // Greek
                < '\u0530' => 2,  // Cyrillic
                < '\u0590' => 3,  // Armenian
                < '\u0600' => 4,  // Hebrew
                _ => 5,           // Arabic, Syriac, Thaana, N'Ko
            };
            var everyday = c is (>= '\u00A0' and <= '\u017F') or (>= '\u0391' and <= '\u03CE') or (>= '\u0400' and <= '\u045F')
                or (>= '\u05D0' and <= '\u05EA') or (>= '\u0620' and <= '\u064A');
            suspicious |= !everyday || (script >= 0 && block != script);
            script = block;
        }

        return suspicious && TryStrict(Encoding.GetEncoding(54936), sample, complete) is { } chinese && ChineseScore(chinese, big5: false) >= 1.0;
    }

    // EUC-KR hangul (rows 0xB0-0xC8) sits where GB2312 level-1 hanzi do, so Korean scores as Chinese. Korean, unlike
    // Chinese, puts spaces between words, and reads as (nearly) all hangul; GBK text read as EUC-KR is at most half hangul.
    private static bool LooksKorean(ReadOnlySpan<byte> sample, bool complete)
    {
        var korean = TryStrict(Encoding.GetEncoding(51949), sample, complete);
        if (korean is null)
        {
            return false;
        }

        int nonAscii = 0, hangul = 0, wordSpaces = 0;
        for (var i = 0; i < korean.Length; i++)
        {
            var c = korean[i];
            if (c >= 0x80)
            {
                nonAscii++;
                hangul += c is >= '\uAC00' and <= '\uD7A3' ? 1 : 0;
            }
            else if (c == ' ' && i > 0 && i + 1 < korean.Length && korean[i - 1] >= 0x80 && korean[i + 1] >= 0x80)
            {
                wordSpaces++;
            }
        }

        return nonAscii > 0 && hangul >= MinHangulShare * nonAscii && wordSpaces >= MinKoreanSpaceShare * nonAscii;
    }

    private static Encoding? BestChinese(ReadOnlySpan<byte> sample, bool complete, bool strict, double minScore = MinChineseScore)
    {
        Encoding? best = null;
        var bestScore = minScore;
        foreach (var codePage in (ReadOnlySpan<int>)[54936, 950])
        {
            var encoding = Encoding.GetEncoding(codePage);
            var text = strict ? TryStrict(encoding, sample, complete) : encoding.GetString(sample);
            if (text is null)
            {
                continue;
            }

            // Strictly greater: on a tie the earlier candidate (GB18030) stays.
            var score = ChineseScore(text, big5: codePage == 950);
            if (score > bestScore || (best is null && score >= bestScore))
            {
                best = encoding;
                bestScore = score;
            }
        }

        return best;
    }

    // Share of non-ASCII characters that read as Chinese: common hanzi and CJK punctuation count 1, level-2 hanzi
    // (rarer, but real) count LessCommonWeight, anything else 0.
    // Each candidate is scored with its own character set: GBK-extension hanzi are mostly traditional forms, and
    // Latin-1 or Shift_JIS bytes misread as GB18030 land there.
    private static double ChineseScore(string text, bool big5)
    {
        var common = big5 ? Big5Common.Value : GbCommon.Value;
        var lessCommon = big5 ? Big5LessCommon.Value : GbLessCommon.Value;
        var nonAscii = 0;
        var commonCount = 0;
        var plausible = 0.0;
        foreach (var c in text)
        {
            if (c < 0x80)
            {
                continue;
            }

            nonAscii++;
            if (common.Contains(c)
                || c is (>= '\u3000' and <= '\u303F') or (>= '\uFF01' and <= '\uFF5E') or (>= '\u2010' and <= '\u203A')
                    or (>= '\u2100' and <= '\u214F') or (>= '\u2160' and <= '\u2199') or (>= '\u2460' and <= '\u24FF')
                    or (>= '\u2500' and <= '\u25FF') or '\u00B7' or '\u00D7' or '\u00F7' or '\u00B0')
            {
                plausible++;
                commonCount++;
            }
            else if (lessCommon.Contains(c))
            {
                plausible += LessCommonWeight;
            }
        }

        // Level-2 hanzi alone do not make Chinese: "Über" in Windows-1252 reads as one level-2 Big5 hanzi plus "er".
        return commonCount == 0 ? 0 : plausible / nonAscii;
    }

    // GB2312 rows first..last: level 1 (0xB0-0xD7) holds the 3,755 most common simplified hanzi, level 2 (0xD8-0xF7) 3,008 more.
    private static FrozenSet<char> GbHanzi(int first, int last)
    {
        var set = new HashSet<char>();
        var gb = Encoding.GetEncoding(936);
        for (var high = first; high <= last; high++)
        {
            for (var low = 0xA1; low <= 0xFE; low++)
            {
                AddHanzi(set, gb.GetString([(byte)high, (byte)low]));
            }
        }

        return set.ToFrozenSet();
    }

    // Big5 lead bytes first..last: level 1 (0xA440-0xC67E) holds 5,401 common traditional hanzi, level 2 (0xC940-0xF9D5) 7,652 more.
    private static FrozenSet<char> Big5Hanzi(int first, int last, int lastLow)
    {
        var set = new HashSet<char>();
        var big5 = Encoding.GetEncoding(950);
        for (var high = first; high <= last; high++)
        {
            for (var low = 0x40; low <= 0xFE; low++)
            {
                if (low is > 0x7E and < 0xA1 || (high == last && low > lastLow))
                {
                    continue;
                }

                AddHanzi(set, big5.GetString([(byte)high, (byte)low]));
            }
        }

        return set.ToFrozenSet();
    }

    private static void AddHanzi(HashSet<char> set, string decoded)
    {
        if (decoded.Length == 1 && decoded[0] is >= '\u4E00' and <= '\u9FFF')
        {
            set.Add(decoded[0]);
        }
    }

    // Text in UTF-16 without a BOM has NUL bytes (the high byte of ASCII, the low byte of 一 = U+4E00) and reads as
    // text in one byte order; binary read as UTF-16 gives NUL characters, controls and unassigned code points.
    private static UnicodeEncoding? DetectUtf16WithoutBom(ReadOnlySpan<byte> sample, bool complete)
    {
        UnicodeEncoding? best = null;
        var bestShare = MinUtf16TextShare;
        foreach (var bigEndian in (ReadOnlySpan<bool>)[false, true])
        {
            var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: false);
            if (TryStrict(encoding, sample, complete) is not { Length: > 0 } text)
            {
                continue;
            }

            var share = (double)text.Count(IsUtf16TextChar) / text.Length;
            if (share >= bestShare)
            {
                best = encoding;
                bestShare = share;
            }
        }

        return best;

        static bool IsUtf16TextChar(char c) =>
            c is (>= ' ' and <= '~') or '\t' or '\r' or '\n'
                or (>= '\u00A0' and <= '\u1FFF')   // Latin, Greek, Cyrillic, … scripts
                or (>= '\u2000' and <= '\u206F')   // general punctuation
                or (>= '\u3000' and <= '\u30FF')   // CJK punctuation, kana
                or (>= '\u4E00' and <= '\u9FFF')   // unified ideographs
                or (>= '\uAC00' and <= '\uD7A3')   // hangul
                or (>= '\uFF00' and <= '\uFFEF');  // full-width forms
    }

    private static string? TryStrict(Encoding encoding, ReadOnlySpan<byte> sample, bool complete)
    {
        try
        {
            return Strict(encoding).GetString(sample[..TrimIncomplete(sample, encoding, complete)]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static Encoding Strict(Encoding encoding) =>
        encoding.CodePage == Encoding.UTF8.CodePage ? StrictUtf8
            : Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    // A sample cut from a longer file may end inside a character: leave up to 3 trailing bytes out of strict checks.
    private static int TrimIncomplete(ReadOnlySpan<byte> sample, Encoding encoding, bool complete)
    {
        if (complete || sample.Length == 0)
        {
            return sample.Length;
        }

        if (encoding.CodePage is 1200 or 1201)
        {
            return sample.Length - (sample.Length % 2) - 2 >= 0 ? sample.Length - (sample.Length % 2) - 2 : 0;
        }

        if (encoding.CodePage is 12000 or 12001)
        {
            return sample.Length - (sample.Length % 4);
        }

        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            // Back up to the start of the last character if it is a lead byte whose sequence is cut.
            for (var back = 1; back <= Math.Min(3, sample.Length); back++)
            {
                var b = sample[^back];
                if ((b & 0xC0) != 0x80)
                {
                    var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                    return needed > back ? sample.Length - back : sample.Length;
                }
            }

            return sample.Length;
        }

        // Double-byte and GB18030's four-byte sequences: at most 3 bytes of a cut character.
        return Math.Max(0, sample.Length - 3);
    }

    private static void RequireText(ReadOnlySpan<char> text, string fileName)
    {
        if (ControlShare(text) > MaxControlShare)
        {
            throw LooksBinary(fileName);
        }
    }

    private static double ControlShare(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        var bad = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f' or '\v' or '\u001B' or '\u0085')))
            {
                bad++;
            }
        }

        return (double)bad / text.Length;
    }

    private static Core.Errors.HunyuException LooksBinary(string fileName) =>
        ParserErrors.Corrupt(fileName, "looks binary, not text");

    private static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        65001 => "utf-8",
        1200 => "utf-16le",
        1201 => "utf-16be",
        12000 => "utf-32le",
        12001 => "utf-32be",
        54936 => "gb18030",
        950 => "big5",
        _ => encoding.WebName.ToLowerInvariant(),
    };
}
