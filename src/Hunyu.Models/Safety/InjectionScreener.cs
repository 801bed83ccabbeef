using System.Text;
using System.Text.RegularExpressions;

namespace Hunyu.Models.Safety;

/// <summary>
/// Screens passages with Chinese (Simplified and Traditional) and English patterns for text written to steer the model
/// that reads them: orders to ignore earlier instructions (忽略以上指令, "ignore previous instructions"), role-play
/// prompts (你现在是…, 请扮演…, "you are now…"), asks to reveal the system prompt (输出你的提示词), chat-template
/// markup, hidden text (tag characters, bidirectional overrides, zero-width runs, HTML styled invisible) and
/// exfiltration links (a Markdown image whose URL carries query data, a URL with a placeholder to fill in).
/// </summary>
/// <remarks>
/// <para>Patterns run on a folded copy of the text (NFKC, lower case, invisible characters removed; whitespace collapsed
/// for English and removed for Chinese), so "Ｉｇｎｏｒｅ", "ig\u200Bnore" and "忽 略 以 上" are caught too. A verb alone
/// is never enough: "指令" in a statute, "ignore the warning" in a manual and "扮演重要角色" do not match; an override
/// needs its object (instructions, rules, prompts) and a word placing it before (previous, above, 之前, 以上, 所有).</para>
/// <para>All expressions use <see cref="RegexOptions.NonBacktracking"/>: time is linear in the passage length whatever
/// the passage holds. Immutable and thread-safe.</para>
/// </remarks>
public sealed class InjectionScreener : IInjectionScreener
{
    /// <summary>An order to ignore, forget or override earlier instructions.</summary>
    public const string OverrideInstructions = "override_instructions";

    /// <summary>A prompt to take on another role or mode ("you are now…", 请扮演…, developer mode).</summary>
    public const string RolePlay = "role_play";

    /// <summary>An ask to reveal the system prompt or the instructions.</summary>
    public const string PromptExfiltration = "prompt_exfiltration";

    /// <summary>Chat-template markup (<c>&lt;|im_start|&gt;</c>, <c>[INST]</c>) that imitates another turn.</summary>
    public const string ChatMarkup = "chat_markup";

    /// <summary>Text a reader does not see: see <see cref="HiddenText"/>, or HTML styled invisible.</summary>
    public const string HiddenTextReason = "hidden_text";

    /// <summary>A link or image whose URL would carry data out (query data in an image, a placeholder to fill in).</summary>
    public const string ExfiltrationLink = "exfiltration_link";

    /// <summary>Longest passage screened whole; the rest of a longer one is screened in its first this many characters.</summary>
    public const int MaxScreenedChars = 64 * 1024;

    private const RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase;

    // Chinese punctuation after NFKC is ASCII (，→,); 。、 stay.
    private const string NotPunct = @"[^,.!?;:。、\n]";

    private static readonly (string Reason, Regex Pattern)[] English =
    [
        (OverrideInstructions, new(
            @"\b(ignore|disregard|forget|skip|override|bypass|abandon|neglect)\s+(about\s+)?((all|any|each|every|the|your|my|these|those|of)\s+)*(previous|prior|preceding|above|earlier|foregoing|former|original|initial|old|existing|system|safety|developer)\s+(instruction|prompt|direction|directive|rule|command|guideline|guidance|context|message|order|constraint|polic|restriction)",
            Options)),
        (OverrideInstructions, new(
            @"\b(ignore|disregard|forget)\s+((all|any|the|your|everything|anything)\s+)*((instructions?|rules?|prompts?|guidelines?)\s+)?(you('ve| have) been (given|told)|(that )?(was|were) (said|written) )?\s*(above|before this|earlier|so far|previously|until now)\b",
            Options)),
        (OverrideInstructions, new(@"\b(new|updated|real|actual|true)\s+system\s+(instructions?|prompt)\b|\bsystem\s+(override|prompt)\s*:", Options)),
        (RolePlay, new(
            @"\b(you are|you're)\s+now\s+((an?|the|my|no longer an?)\s+)?(ai|assistant|chatbot|bot|model|dan|unrestricted|unfiltered|uncensored|jailbroken|evil|different|new|hacker|developer|admin|root|free)\b",
            Options)),
        (RolePlay, new(@"\b(from now on|henceforth|starting now),?\s+(you|your)\s+(are|will|must|shall|should|act|respond|answer|reply|only|role)\b", Options)),
        (RolePlay, new(@"\bpretend\s+(that\s+)?(you\s+are|you're)\s|\bpretend\s+to\s+be\s+(an?\s+|the\s+)?(ai|assistant|chatbot|model|system|admin|administrator|developer|hacker)\b", Options)),
        (RolePlay, new(
            @"\b(act|behave|respond|roleplay|role-play|role play)\s+as\s+(if\s+you\s+(are|were)\s+)?(an?\s+)?(unrestricted|unfiltered|uncensored|jailbroken|evil|dan|different ai|ai|assistant|chatbot|hacker|system|developer|admin)\b",
            Options)),
        (RolePlay, new(@"\b(developer|dan|jailbreak|god)\s+mode\b|\bdo anything now\b", Options)),
        (PromptExfiltration, new(
            @"\b(reveal|print|output|show|repeat|display|leak|disclose|dump|share|tell me|give me|write out|send|what (is|are|were))\s+(me\s+|us\s+)?((all|the|your|its|of)\s+)*((full|entire|complete|original|hidden|initial|secret|exact|verbatim)\s+)*(system\s+prompt|system\s+message|initial\s+prompt|hidden\s+prompt|hidden\s+instructions|secret\s+instructions|prompt\s+above)\b",
            Options)),
        (PromptExfiltration, new(
            @"\b(reveal|print|output|repeat|leak|disclose|dump|tell me|give me|write out|what (is|are|were))\s+(me\s+|us\s+)?(all\s+)?your\s+((full|entire|complete|original|initial|exact|verbatim)\s+)*(prompt|instructions|rules|guidelines)\b",
            Options)),
        (ExfiltrationLink, new(
            @"\b(append|add|include|encode|insert|put|attach)\s+[^.\n]{0,60}\s+(to|in|into)\s+(the|this|a|that)\s+(url|link|image|query string|address)\b",
            Options)),
    ];

    private static readonly (string Reason, Regex Pattern)[] Chinese =
    [
        (OverrideInstructions, new(
            $"(忽略|忽视|忽視|无视|無視|不要理会|不要理會|不用理会|不必理会|别管|別管|忘记|忘記|忘掉|跳过|跳過|绕过|繞過|抛开|拋開|丢弃|丟棄|覆盖|覆蓋)(掉|了)?{NotPunct}{{0,4}}?(之前|以上|上面|上述|前面|先前|此前|以前|原来|原來|原有|原始|最初|初始|系统|系統|所有|全部|一切|任何|你的|你收到|给你的|給你的){NotPunct}{{0,8}}?(指令|指示|提示词|提示詞|提示|规则|規則|设定|設定|命令|约束|約束|限制|要求)",
            Options)),
        (RolePlay, new("(你|您)(现在|現在)(是|就是|成为|成為)(一个|一個|一名|一位|个|個|名|位|我的|ai|人工智能|助手|机器人|機器人|模型|gpt|dan|没有|沒有|不受|不再)", Options)),
        (RolePlay, new("(从现在|從現在|接下来|接下來)(开始|開始|起)?,?(你|您)(将|將|要|是|必须|必須|只能|只需|扮演|就是|不再)", Options)),
        (RolePlay, new("(请|請|你要|你需要|你必须|你必須|你来|你來)(你)?(扮演|假扮|充当|充當|假装|假裝|模仿)", Options)),
        (RolePlay, new("(假装|假裝|假设|假設|想象|想像)(你|您)(是|现在是|現在是)|角色扮演模式|(进入|進入|开启|開啟|切换到|切換到)?(开发者|開發者|越狱|越獄|dan)模式", Options)),
        (PromptExfiltration, new(
            $"(输出|輸出|打印|显示|顯示|告诉我|告訴我|透露|泄露|洩露|泄漏|洩漏|重复|重複|复述|複述|给出|給出|列出|发送|發送|展示|说出|說出)(一下)?(你的|你|您的|系统的|系統的|系统|系統|你收到的|上面的|以上的|以上){NotPunct}{{0,6}}?(提示词|提示詞|提示语|提示語|系统提示|系統提示|指令|设定|設定|systemprompt|规则|規則)",
            Options)),
        (PromptExfiltration, new("(系统提示词|系統提示詞|系统提示|系統提示|systemprompt|提示词|提示詞)(是什么|是什麼|的内容|的內容|原文|全文)", Options)),
        (ExfiltrationLink, new($"(拼接|附加|添加|加到|放到|放入|填入|编码|編碼|附在){NotPunct}{{0,20}}?(链接|鏈接|連結|网址|網址|url|图片地址|圖片地址)", Options)),
    ];

    // Text spelled out one character at a time ("I g n o r e   a l l"): at least 6 single characters in a row.
    private static readonly Regex SpacedOut = new(@"(\S {1,3}){5,}\S", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
    private static readonly Regex WordGap = new(" {2,}", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    private static readonly (string Reason, Regex Pattern)[] Raw =
    [
        (ChatMarkup, new(@"<\|(im_start|im_end|system|user|assistant|endoftext)\|>|\[/?inst\]|<</?sys>>|^\s*#{2,}\s*(system|instruction)s?\s*:?\s*$", Options | RegexOptions.Multiline)),
        (HiddenTextReason, new(
            @"<[a-z][^>]{0,200}\bstyle\s*=\s*[""'][^""'>]*(display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(px|pt|em|rem)?\s*[;""']|opacity\s*:\s*0(\.0+)?\s*[;""'])|<[a-z][^>]{0,200}\shidden(\s|>|=)",
            Options)),
        (ExfiltrationLink, new(@"!\[[^\]\n]{0,200}\]\(\s*<?https?://[^\s)]*\?[^\s)]*=", Options)),
        (ExfiltrationLink, new(
            @"https?://[^\s""'<>)]*(\{[^\s}]{1,60}\}|%7b|\$\{|\{\{|%3c[a-z_]+%3e|\[(data|secret|prompt|history|conversation|answer|user|query|info|数据|數據|对话|對話|用户|用戶)[^\]\s]{0,20}\])",
            Options)),
    ];

    /// <summary>A shared screener.</summary>
    public static InjectionScreener Default { get; } = new();

    /// <inheritdoc />
    public InjectionVerdict Screen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxScreenedChars)
        {
            text = text[..MaxScreenedChars];
        }

        var reasons = new List<string>();
        void Add(string reason)
        {
            if (!reasons.Contains(reason))
            {
                reasons.Add(reason);
            }
        }

        if (HiddenText.Hides(text))
        {
            Add(HiddenTextReason);
        }

        var visible = HiddenText.Strip(text);
        Match(Raw, visible, Add);
        var folded = Despace(Fold(visible));
        Match(English, Collapse(folded, keepSpaces: true), Add);
        Match(Chinese, Collapse(folded, keepSpaces: false), Add);
        return reasons.Count == 0 ? InjectionVerdict.Clean : new InjectionVerdict(reasons);
    }

    private static void Match((string Reason, Regex Pattern)[] patterns, string text, Action<string> add)
    {
        foreach (var (reason, pattern) in patterns)
        {
            if (pattern.IsMatch(text))
            {
                add(reason);
            }
        }
    }

    private static string Fold(string text)
    {
        try
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate cannot be normalised; the text is screened as it is.
        }

        return text.ToLowerInvariant();
    }

    /// <summary>Spelled-out text is joined: single spaces between characters go, longer gaps become one space.</summary>
    private static string Despace(string text) =>
        // PERF: the expression runs only on text with three single characters in a row ("a b c").
        HasSpelledOut(text)
            ? SpacedOut.Replace(text, run => string.Join(' ', WordGap.Split(run.Value).Select(word => word.Replace(" ", string.Empty, StringComparison.Ordinal))))
            : text;

    private static bool HasSpelledOut(string text)
    {
        for (var i = text.IndexOf(' ', StringComparison.Ordinal); i > 0 && i + 3 < text.Length; i = text.IndexOf(' ', i + 1))
        {
            if (text[i - 1] != ' ' && text[i + 1] != ' ' && text[i + 2] == ' ' && text[i + 3] != ' ' && (i < 2 || text[i - 2] == ' '))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whitespace runs become one space (English), or go (Chinese: "忽 略 以 上" is read as "忽略以上").</summary>
    private static string Collapse(string text, bool keepSpaces)
    {
        var result = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) && c != '\n')
            {
                space = true;
                continue;
            }

            if (space && keepSpaces && result.Length > 0)
            {
                result.Append(' ');
            }

            space = false;
            result.Append(c);
        }

        return result.ToString();
    }
}
