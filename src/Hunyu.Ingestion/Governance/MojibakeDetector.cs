using System.Buffers;
using System.Text;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// Finds text that was decoded with the wrong encoding, by reading it back: characters that re-encode to valid
/// multi-byte UTF-8 under the encoding that was wrongly used are the tell-tale of mojibake.
/// </summary>
/// <remarks>
/// Two readings are checked: Latin-1/Windows-1252 ("ä¸­æ–‡" is 中文 read as Windows-1252) and GBK/GB18030
/// ("涓枃" is 中文 read as GBK; "锟斤拷" is U+FFFD read as GBK). Runs of U+FFFD (GBK or Big5 read as UTF-8, or any
/// unknown encoding) are counted by the caller. Linear in the text, no regular expressions. Thread-safe.
/// </remarks>
internal static class MojibakeDetector
{
    /// <summary>Most non-ASCII characters re-encoded as GBK per document: enough to decide, bounded for huge documents.</summary>
    public const int GbkSampleChars = 4096;

    /// <summary>CJK characters sampled to decide whether the GBK reading is worth checking.</summary>
    public const int CommonSampleChars = 512;

    /// <summary>Below this share of GB2312 level-1 hanzi (or their Traditional forms) among the sampled CJK characters the GBK reading is checked (genuine Simplified or Traditional text scores 0.9 and up, GBK mojibake 0.35 and below).</summary>
    public const double MinCommonShare = 0.8;

    private static readonly Encoding Gb18030 = CreateGb18030();

    private static readonly Lazy<bool[]> Level1Hanzi = new(LoadLevel1Hanzi);

    /// <summary>Counts for the Latin-1/Windows-1252 reading, accumulated over a document's blocks.</summary>
    public struct Latin1Reading
    {
        private int _pending;
        private int _expected;

        /// <summary>Non-ASCII characters seen.</summary>
        public long NonAscii { get; private set; }

        /// <summary>Characters that form valid multi-byte UTF-8 when re-encoded as Windows-1252/Latin-1.</summary>
        public long ReadBack { get; private set; }

        /// <summary>Feeds the next character.</summary>
        public void Add(char c)
        {
            if (c < 0x80)
            {
                _expected = 0;
                return;
            }

            NonAscii++;
            var b = ToByte(c);
            if (b < 0)
            {
                _expected = 0;
                return;
            }

            if (_expected > 0 && b is >= 0x80 and <= 0xBF)
            {
                _pending++;
                if (--_expected == 0)
                {
                    ReadBack += _pending;
                }

                return;
            }

            _expected = b switch
            {
                >= 0xC2 and <= 0xDF => 1,
                >= 0xE0 and <= 0xEF => 2,
                >= 0xF0 and <= 0xF4 => 3,
                _ => 0,
            };
            _pending = 1;
        }

        /// <summary>Ends a block: a sequence never spans two blocks.</summary>
        public void Break() => _expected = 0;
    }

    /// <summary>
    /// True when the text is plainly correct Chinese (mostly GB2312 level-1 hanzi or their Traditional forms), so the costlier GBK
    /// reading need not be checked. PERF: one table lookup per sampled character.
    /// </summary>
    public static bool LooksLikeCommonChinese(IEnumerable<string> blocks)
    {
        var table = Level1Hanzi.Value;
        int sampled = 0, common = 0;
        foreach (var text in blocks)
        {
            foreach (var c in text)
            {
                // CJK ideographs and compatibility forms; CJK punctuation and full-width forms say nothing.
                if (c < '\u2E80' || c is (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF'))
                {
                    continue;
                }

                sampled++;
                common += table[c] ? 1 : 0;
                if (sampled >= CommonSampleChars)
                {
                    return common >= MinCommonShare * sampled;
                }
            }
        }

        return sampled == 0 || common >= MinCommonShare * sampled;
    }

    /// <summary>
    /// The share of the first <see cref="GbkSampleChars"/> non-ASCII characters of <paramref name="blocks"/> whose GBK
    /// bytes form valid multi-byte UTF-8, and how many characters that is.
    /// </summary>
    public static (double Share, int Characters) GbkReadBack(IEnumerable<string> blocks)
    {
        var sample = new StringBuilder();
        foreach (var text in blocks)
        {
            foreach (var c in text)
            {
                // Only CJK and full-width characters can be GBK mojibake of UTF-8; ASCII breaks a sequence.
                if (c >= 0x80)
                {
                    sample.Append(c);
                }
                else if (sample.Length > 0 && sample[^1] != ' ')
                {
                    sample.Append(' ');
                }

                if (sample.Length >= GbkSampleChars)
                {
                    break;
                }
            }

            if (sample.Length >= GbkSampleChars)
            {
                break;
            }

            sample.Append(' ');
        }

        var chars = sample.ToString();
        var buffer = ArrayPool<byte>.Shared.Rent(Gb18030.GetMaxByteCount(chars.Length));
        try
        {
            var length = Gb18030.GetBytes(chars, buffer);
            return CountUtf8(buffer.AsSpan(0, length), chars.Count(c => c != ' '));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Counts the bytes of <paramref name="bytes"/> inside valid multi-byte UTF-8 sequences, in characters of the GBK reading (two bytes each).</summary>
    private static (double Share, int Characters) CountUtf8(ReadOnlySpan<byte> bytes, int characters)
    {
        var valid = 0;
        var multiByte = 0;
        for (var i = 0; i < bytes.Length;)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                i++;
                continue;
            }

            multiByte++;
            var length = b switch
            {
                >= 0xC2 and <= 0xDF => 2,
                >= 0xE0 and <= 0xEF => 3,
                >= 0xF0 and <= 0xF4 => 4,
                _ => 0,
            };
            var ok = length > 0 && i + length <= bytes.Length;
            for (var k = 1; ok && k < length; k++)
            {
                ok = bytes[i + k] is >= 0x80 and <= 0xBF;
            }

            if (ok)
            {
                valid += length;
                multiByte += length - 1;
                i += length;
            }
            else
            {
                i++;
            }
        }

        // Two GBK bytes make one character of the wrong reading.
        return multiByte == 0 ? (0, 0) : ((double)valid / multiByte, Math.Min(characters, valid / 2));
    }

    /// <summary>The byte Windows-1252 (or Latin-1, for C1 controls) encodes <paramref name="c"/> as; -1 when it has none.</summary>
    private static int ToByte(char c) => c switch
    {
        <= '\u00FF' => c,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u2018' => 0x91,
        '\u2019' => 0x92,
        '\u201C' => 0x93,
        '\u201D' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => -1,
    };

    private static bool[] LoadLevel1Hanzi()
    {
        var gb2312 = Encoding.GetEncoding(936);
        var table = new bool[char.MaxValue + 1];
        Span<byte> pair = stackalloc byte[2];
        Span<char> decoded = stackalloc char[2];
        for (var high = 0xB0; high <= 0xD7; high++)
        {
            for (var low = 0xA1; low <= 0xFE; low++)
            {
                pair[0] = (byte)high;
                pair[1] = (byte)low;
                if (gb2312.GetChars(pair, decoded) == 1)
                {
                    table[decoded[0]] = true;
                }
            }
        }

        // PERF: Traditional forms of those hanzi count too, so Traditional text (DRCD, Taiwan and Hong Kong sources)
        // passes the cheap check instead of paying for the GBK reading on every document.
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] |= table[ChineseScriptFolder.Fold((char)c)];
        }

        return table;
    }

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
    }
}
