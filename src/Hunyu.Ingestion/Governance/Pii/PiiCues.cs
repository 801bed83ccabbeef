using System.Buffers;
using System.Collections.Frozen;

namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>Cue words in Simplified and Traditional Chinese (and English), surnames, and the scanner's trigger characters.</summary>
internal static class PiiCues
{
    /// <summary>How many characters before a value are searched for a cue word.</summary>
    public const int Window = 16;

    /// <summary>Words that announce a telephone number.</summary>
    public static readonly string[] Phone =
        ["电话", "電話", "手机", "手機", "座机", "座機", "固话", "固話", "传真", "傳真", "联系方式", "聯繫方式", "聯絡方式", "热线", "熱線", "tel", "phone", "mobile", "fax"];

    /// <summary>Words that announce a bank card or account number.</summary>
    public static readonly string[] BankCard =
        ["银行卡", "銀行卡", "信用卡", "卡号", "卡號", "账号", "帳號", "賬號", "账户", "帳戶", "賬戶", "card"];

    /// <summary>Words that announce a passport or travel permit number.</summary>
    public static readonly string[] Passport =
        ["护照", "護照", "passport", "通行证", "通行證", "回乡证", "回鄉證", "旅行证", "旅行證"];

    /// <summary>Words that announce a Hong Kong identity card number.</summary>
    public static readonly string[] HongKongId = ["香港", "身份证", "身份證", "hkid"];

    /// <summary>Words that make a dotted number a version rather than an IPv4 address (searched in the <see cref="VersionWindow"/> characters before it).</summary>
    public static readonly string[] Version = ["版本", "version", "ver."];

    /// <summary>How close a version word must be: "版本 1.2.3.4", "version: 1.0.0.1".</summary>
    public const int VersionWindow = 9;

    private static readonly string[] NameCues =
    [
        "姓名", "联系人", "聯繫人", "聯絡人", "申请人", "申請人", "收件人", "寄件人", "收货人", "收貨人", "当事人", "當事人",
        "法定代表人", "代理人", "经办人", "經辦人", "负责人", "負責人", "患者", "户主", "戶主", "持卡人", "户名", "戶名",
        "原告", "被告", "被告人", "嫌疑人", "借款人", "出借人", "担保人", "擔保人", "承租人", "出租人",
        "签名", "簽名", "报案人", "報案人", "举报人", "舉報人", "证人", "證人", "监护人", "監護人", "投保人", "被保险人", "被保險人", "受益人",
    ];

    private static readonly string[] AddressCues =
        ["地址", "住址", "住所地", "住所", "户籍地", "戶籍地", "居住地", "家住", "现住", "現住"];

    // Province-level names (and Taiwan's special municipalities) that open a full address.
    private static readonly string[] Provinces =
    [
        "北京", "天津", "上海", "重庆", "重慶", "河北", "山西", "辽宁", "遼寧", "吉林", "黑龙江", "黑龍江", "江苏", "江蘇", "浙江",
        "安徽", "福建", "江西", "山东", "山東", "河南", "湖北", "湖南", "广东", "廣東", "海南", "四川", "贵州", "貴州", "云南",
        "雲南", "陕西", "陝西", "甘肃", "甘肅", "青海", "台湾", "台灣", "臺灣", "内蒙古", "內蒙古", "广西", "廣西", "西藏", "宁夏",
        "寧夏", "新疆", "新疆维吾尔", "新疆維吾爾", "香港", "澳门", "澳門", "台北", "臺北", "新北", "桃园", "桃園", "台中", "臺中", "台南", "臺南", "高雄",
    ];

    // The most common single-character surnames, Simplified and Traditional.
    private const string SingleSurnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范" +
        "金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪" +
        "庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈" +
        "饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇" +
        "桑郎甄丛仲虞敖巩明佘池查麻苑迟邝洪" +
        "張劉陳楊黃趙吳孫馬羅鄭謝許韓馮鄧蕭葉蘇呂盧鍾鐘譚陸賈韋鄒閻龍賀顧龔萬錢嚴溫齊喬龐顏莊聶魯歐關蘭紀畢單駱藍鮑饒農項連蘆麥" +
        "婁竇衛師欒鄺邱曾傅";

    private static readonly FrozenSet<string> CompoundSurnames = FrozenSet.Create(
        StringComparer.Ordinal,
        "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "东方", "東方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "尉遲",
        "公孙", "公孫", "长孙", "長孫", "宇文", "澹台", "澹臺", "端木", "呼延", "南宫", "南宮", "独孤", "獨孤", "轩辕", "軒轅");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CompoundLookup =
        CompoundSurnames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> Surnames = SearchValues.Create(SingleSurnames);

    // Characters that do not occur in a given name right after a cue word: pronouns, particles, verbs of
    // legal prose (申请人应当…, 原告向…), and the placeholders of anonymised judgments (王某, 甲方).
    private static readonly SearchValues<char> NotInGivenNames = SearchValues.Create(
        "某甲乙丙丁等的了和与與或及在是为為有人应應向对對于於将將不已把被由从從以之其所可也都就并並但而要会會能得时時方面者们們你我他她它" +
        "该該此本各每无無未均须須需若如即因则則亦仍又再还還只才上下内內外前后後请請当當述询詢阅閱延诉訴辩辯");

    // Words that follow a name in a sentence as well as in a form.
    private static readonly string[] Honorifics = ["先生", "女士", "小姐", "同志", "性别", "性別"];

    // Words that follow a name in a form field ("姓名：张三性别：男", "姓名：张三在…"); after a colon only, since
    // in prose "申请人应当银行…" they end other words too.
    private static readonly string[] FieldStops =
    [
        "男", "女", "电话", "電話", "手机", "手機", "身份", "证件", "證件", "地址", "住址", "年龄", "年齡", "出生", "民族", "职务", "職務", "联系", "聯繫", "聯絡",
        "籍贯", "籍貫", "学历", "學歷", "工作", "单位", "單位", "邮箱", "郵箱", "电子", "電子", "护照", "護照", "银行", "銀行", "开户", "開戶", "家住", "住",
        "系", "现", "現", "于", "於", "因", "在", "称", "稱", "向", "的", "等", "与", "與", "和", "及", "签字", "簽字", "签名", "簽名", "已", "年", "月", "日",
    ];

    private static readonly string[] AddressStops =
        ["电话", "電話", "手机", "手機", "邮编", "郵編", "邮政", "郵政", "联系", "聯繫", "聯絡", "姓名", "传真", "傳真", "邮箱", "郵箱", "地址", "住址", "家住", "现住", "現住", "身份"];

    private static readonly SearchValues<char> AddressStopStarts = SearchValues.Create(string.Concat(AddressStops.Select(w => w[0])));

    /// <summary>Administrative units of an address: province, city, district, county, town, village.</summary>
    public static readonly SearchValues<char> AdminUnits = SearchValues.Create("省市区區县縣州镇鎮乡鄉村旗盟");

    /// <summary>Street words of an address: road, street, avenue, lane, section.</summary>
    public static readonly SearchValues<char> Streets = SearchValues.Create("路街道巷弄胡里段");

    /// <summary>Characters that follow a number in an address: 号 (number), 室 (room), 栋 and 座 (building), 楼 and 层 (floor), 单元 (unit), 院 (compound).</summary>
    public static readonly SearchValues<char> NumberMarkers = SearchValues.Create("号號室栋棟楼樓层層座单單院");

    /// <summary>The house-number characters 号 and 號.</summary>
    public static readonly SearchValues<char> HouseNumbers = SearchValues.Create("号號");

    private static readonly SearchValues<char> ChineseNumerals = SearchValues.Create("〇零一二三四五六七八九十百");

    /// <summary>Cue words by their first character.</summary>
    public static readonly FrozenDictionary<char, ChineseCue[]> ByFirstChar = NameCues.Select(w => new ChineseCue(w, CueKind.Name))
        .Concat(AddressCues.Select(w => new ChineseCue(w, CueKind.Address)))
        .Concat(Provinces.Select(w => new ChineseCue(w, CueKind.Province)))
        .Append(new ChineseCue("市", CueKind.City))
        .GroupBy(cue => cue.Word[0])
        // Longest first, so 被告人 wins over 被告 and 住所地 over 住所.
        .ToFrozenDictionary(g => g.Key, g => g.OrderByDescending(cue => cue.Word.Length).ToArray());

    /// <summary>Every character at which the scanner may find something: Latin letters and digits (ASCII and full-width), '+', '(' and the first characters of the cue words.</summary>
    public static readonly SearchValues<char> Triggers = SearchValues.Create(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+(（" +
        "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ" +
        string.Concat(ByFirstChar.Keys));

    /// <summary>Whether one of <paramref name="cues"/> occurs in the <paramref name="window"/> characters before <paramref name="start"/> (ASCII case ignored).</summary>
    public static bool Precede(ReadOnlySpan<char> text, int start, string[] cues, int window = Window)
    {
        var before = text[Math.Max(0, start - window)..start];
        foreach (var cue in cues)
        {
            if (before.Contains(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The length of the surname that opens <paramref name="text"/> (2 for a compound surname such as 欧阳), or 0.</summary>
    public static int SurnameLength(ReadOnlySpan<char> text)
    {
        if (text.Length >= 2 && CompoundLookup.Contains(text[..2]))
        {
            return 2;
        }

        return text.Length >= 1 && Surnames.Contains(text[0]) ? 1 : 0;
    }

    /// <summary>Whether <paramref name="c"/> can be part of a given name.</summary>
    public static bool CanBeGivenName(char c) => PiiChars.IsHan(c) && !NotInGivenNames.Contains(c);

    /// <summary>Whether a word that ends a name opens <paramref name="text"/>: 先生, 性别, …, and in a form field (<paramref name="field"/>) also 电话, 在, 的, ….</summary>
    public static bool StartsWithNameStop(ReadOnlySpan<char> text, bool field) =>
        StartsWithAny(text, Honorifics) || (field && StartsWithAny(text, FieldStops));

    /// <summary>Whether a word of a form (电话, 地址, 身份, 先生, …) opens <paramref name="text"/>: such a word is no given name ("代理人向地址：").</summary>
    public static bool StartsWithFieldWord(ReadOnlySpan<char> text)
    {
        foreach (var word in FieldStops.Concat(Honorifics))
        {
            if (word.Length > 1 && text.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a province-level name starts at <paramref name="text"/>'s first character.</summary>
    public static bool StartsWithProvince(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !ByFirstChar.TryGetValue(text[0], out var cues))
        {
            return false;
        }

        foreach (var cue in cues)
        {
            if (cue.Kind == CueKind.Province && text.StartsWith(cue.Word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a word that ends an address (电话, 邮编, 姓名, …) opens <paramref name="text"/>.</summary>
    public static bool StartsWithAddressStop(ReadOnlySpan<char> text) =>
        text.Length > 0 && AddressStopStarts.Contains(text[0]) && StartsWithAny(text, AddressStops);

    /// <summary>Whether <paramref name="c"/> is a Chinese numeral (二十七号).</summary>
    public static bool IsChineseNumeral(char c) => ChineseNumerals.Contains(c);

    private static bool StartsWithAny(ReadOnlySpan<char> text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
