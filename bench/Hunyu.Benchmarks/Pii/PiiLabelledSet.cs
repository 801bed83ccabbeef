using Hunyu.Ingestion.Governance.Pii;
using Hunyu.Text.Sentences;

namespace Hunyu.Benchmarks.Pii;

/// <summary>Real sentences of one evaluation corpus.</summary>
internal sealed record SentencePool(string Corpus, bool Traditional, List<string> Sentences);

/// <summary>One labelled sample: a real sentence with one generated value (and its cue word, if any) inserted.</summary>
internal sealed record PiiSample(string Corpus, string Text, GeneratedValue Value, int Start, int End, string Cue);

/// <summary>
/// The labelled PII set: generated values (valid and decoys, several formats) inserted into real Simplified
/// and Traditional Chinese sentences, at a character boundary that is neither a letter, a digit nor a symbol
/// that joins numbers (". + @ - _ : / % #"), so the label is unambiguous.
/// </summary>
internal static class PiiLabelledSet
{
    private const int MinSentenceLength = 8;
    private const int MaxSentenceLength = 160;

    // Share of real PII among the generated values of a type that has decoys.
    private const double PiiShare = 0.75;

    private const int MaxInsertionAttempts = 50;

    private const string Joiners = ".．+@-_:/%#";

    private static readonly Dictionary<PiiType, (string[] Simplified, string[] Traditional)> Cues = new()
    {
        [PiiType.ResidentId] = (["身份证号：", "身份证号码", "公民身份号码：", ""], ["身份證字號：", "身分證號碼", ""]),
        [PiiType.MobilePhone] = (["手机：", "联系电话", "手机号码：", "请致电", ""], ["手機：", "聯絡電話", "請致電", ""]),
        [PiiType.Landline] = (["电话：", "座机", "传真：", "办公电话"], ["電話：", "傳真：", "辦公電話"]),
        [PiiType.Email] = (["邮箱：", "电子邮件", "Email: ", ""], ["電子郵件：", "信箱：", ""]),
        [PiiType.BankCard] = (["银行卡号：", "卡号", "账号：", ""], ["銀行卡號：", "帳號：", ""]),
        [PiiType.Passport] = (["护照号码：", "护照", ""], ["護照號碼：", "護照", ""]),
        [PiiType.UnifiedSocialCreditCode] = (["统一社会信用代码：", "信用代码", ""], ["統一社會信用代碼：", ""]),
        [PiiType.IpAddress] = (["IP地址：", "服务器", "来自", ""], ["IP位址：", "伺服器", ""]),
        [PiiType.HongKongId] = (["香港身份證號碼", "身份證：", ""], ["香港身份證號碼", "身份證：", ""]),
        [PiiType.TaiwanId] = (["身份證號", ""], ["身分證字號：", "身份證號", ""]),
        [PiiType.PersonName] = (["姓名：", "联系人：", "申请人", "收件人："], ["姓名：", "聯絡人：", "申請人", "收件人："]),
        [PiiType.Address] = (["地址：", "住址：", "家住", ""], ["地址：", "住址：", "家住", ""]),
    };

    /// <summary>Sentences of <paramref name="texts"/> between 8 and 160 characters.</summary>
    public static List<string> Sentences(IEnumerable<string> texts) =>
        texts.SelectMany(text => SentenceSplitter.Split(text).Select(s => text.Substring(s.Start, s.Length)))
            .Where(s => s.Length is >= MinSentenceLength and <= MaxSentenceLength)
            .ToList();

    /// <summary>Builds <paramref name="perType"/> samples of every type, rotating over the pools, from <paramref name="seed"/>.</summary>
    public static List<PiiSample> Build(IReadOnlyList<SentencePool> pools, int perType, int seed)
    {
        var random = new Random(seed);
        var values = new PiiValueGenerator(random);
        var samples = new List<PiiSample>();
        foreach (var type in Enum.GetValues<PiiType>())
        {
            for (var n = 0; n < perType; n++)
            {
                var pool = pools[n % pools.Count];
                string sentence;
                int at;
                do
                {
                    sentence = pool.Sentences[random.Next(pool.Sentences.Count)];
                    at = InsertionPoint(sentence, random);
                }
                while (at < 0);

                var value = values.Next(type, pool.Traditional, type is PiiType.PersonName or PiiType.Address ? 1 : PiiShare);
                var cue = Cue(type, pool.Traditional, value, random);
                var tail = Tail(type, random);
                var text = sentence[..at] + cue + value.Value + tail + sentence[at..];
                var start = at + cue.Length;
                samples.Add(new PiiSample(pool.Corpus, text, value, start, start + value.Value.Length, cue));
            }
        }

        return samples;
    }

    private static string Cue(PiiType type, bool traditional, GeneratedValue value, Random random)
    {
        // A decoy passport after a passport cue would be a (non-mainland) passport number, so decoys get none;
        // a landline in one run is only a landline after a cue word.
        if (type == PiiType.Passport && !value.IsPii)
        {
            return string.Empty;
        }

        var (simplified, traditionalCues) = Cues[type];
        var cues = traditional ? traditionalCues : simplified;
        if (type == PiiType.Landline && value.Format == "one run after a cue word")
        {
            cues = cues.Where(c => c.Length > 0).ToArray();
        }

        return cues[random.Next(cues.Length)];
    }

    private static string Tail(PiiType type, Random random) => type switch
    {
        // A name ends at punctuation or at a word that follows names.
        PiiType.PersonName => random.NextDouble() switch { < 0.6 => "，", < 0.8 => "。", < 0.9 => "先生，", _ => "性别男，" },
        PiiType.Address => random.NextDouble() < 0.7 ? "，" : string.Empty,
        _ => random.NextDouble() < 0.3 ? "，" : string.Empty,
    };

    /// <summary>A random offset whose neighbours are neither Latin letters, digits nor joining symbols; -1 after a few misses.</summary>
    private static int InsertionPoint(string sentence, Random random)
    {
        for (var attempt = 0; attempt < MaxInsertionAttempts; attempt++)
        {
            var at = random.Next(sentence.Length + 1);
            var before = at > 0 ? sentence[at - 1] : ' ';
            var after = at < sentence.Length ? sentence[at] : ' ';
            if (!IsWordChar(before) && !IsWordChar(after) && !Joiners.Contains(before) && !Joiners.Contains(after) && !char.IsLowSurrogate(after))
            {
                return at;
            }
        }

        return -1;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !IsHan(c);

    private static bool IsHan(char c) => c is (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF');
}
