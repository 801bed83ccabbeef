using System.Text;
using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Benchmarks.Pii;

/// <summary>One generated value: what it is, how it is written, and whether it is real PII (a valid check) or a decoy.</summary>
internal sealed record GeneratedValue(PiiType Type, string Value, string Format, bool IsPii);

/// <summary>
/// Values for the labelled PII set. Check characters are computed here, independently of the detector's
/// own code, so a shared bug cannot make both agree. Decoys are shaped like the type but are not PII
/// (wrong check character, impossible date, wrong prefix or length).
/// </summary>
internal sealed class PiiValueGenerator(Random random)
{
    private static readonly string[] RegionCodes =
        ["110105", "110108", "310104", "320102", "330106", "350102", "360102", "370202", "420106", "440305", "440106", "510107", "620102", "650102", "710100", "810000"];

    private static readonly string[] MobilePrefixes =
        ["130", "131", "132", "133", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "185", "186", "187", "188", "189", "191", "198", "199"];

    private static readonly string[] ShortAreaCodes = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"];

    private static readonly string[] LongAreaCodes = ["0755", "0571", "0512", "0731", "0371", "0532", "0591", "0898", "0871", "0351", "0451", "0931"];

    private static readonly string[] MailLocals = ["zhangsan", "li.si", "wang_wu", "chenxiaoming", "liu-yang", "zhao.lei88", "sunli2020", "hr", "service", "a.b+news"];

    private static readonly string[] MailDomains = ["qq.com", "163.com", "126.com", "gmail.com", "example.com.cn", "company.cn", "sina.com", "foxmail.com", "outlook.com", "mail.sub.example.org", "edu.cn"];

    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private static readonly int[] TaiwanLetterValues = [10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33];

    private static readonly string[] SurnamesSimplified = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑", "欧阳", "司马", "诸葛"];

    private static readonly string[] SurnamesTraditional = ["王", "李", "張", "劉", "陳", "楊", "黃", "趙", "吳", "周", "徐", "孫", "馬", "朱", "胡", "郭", "何", "林", "羅", "鄭", "歐陽", "司馬"];

    // Common given-name characters (a few, such as 中 and 文, also occur in ordinary words).
    private const string GivenSimplified = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉萍婷宇浩鹏飞欣怡晨子涵梓轩博文佳琪中";
    private const string GivenTraditional = "偉芳娜秀英敏靜麗強磊軍洋勇豔傑娟濤明超蘭霞平剛桂華建國志紅玉萍婷宇浩鵬飛欣怡晨子涵梓軒博文佳琪中";

    private static readonly (string Province, string City, string[] Districts)[] PlacesSimplified =
    [
        ("北京市", "", ["海淀区", "朝阳区", "东城区"]), ("上海市", "", ["徐汇区", "浦东新区", "静安区"]), ("广东省", "深圳市", ["南山区", "福田区"]),
        ("广东省", "广州市", ["天河区", "越秀区"]), ("浙江省", "杭州市", ["西湖区", "滨江区"]), ("江苏省", "南京市", ["玄武区", "鼓楼区"]),
        ("四川省", "成都市", ["武侯区", "锦江区"]), ("湖北省", "武汉市", ["洪山区", "江汉区"]), ("河南省", "郑州市", ["金水区"]), ("山东省", "青岛市", ["市南区"]),
    ];

    private static readonly (string Province, string City, string[] Districts)[] PlacesTraditional =
    [
        ("臺北市", "", ["大安區", "信義區", "中正區"]), ("新北市", "", ["板橋區", "新店區"]), ("高雄市", "", ["前鎮區", "苓雅區"]), ("臺中市", "", ["西屯區", "北屯區"]),
        ("廣東省", "廣州市", ["天河區", "越秀區"]), ("上海市", "", ["徐匯區", "靜安區"]),
    ];

    private static readonly string[] RoadsSimplified = ["中关村大街", "建国路", "科技园路", "文三路", "中山路", "人民路", "解放大道", "长江路", "学院路", "南京东路"];
    private static readonly string[] RoadsTraditional = ["羅斯福路四段", "忠孝東路三段", "市府路", "中山北路二段", "民生東路", "文心路", "中正路"];

    /// <summary>A value of <paramref name="type"/>: real PII with probability <paramref name="piiShare"/>, else a decoy.</summary>
    public GeneratedValue Next(PiiType type, bool traditional, double piiShare)
    {
        var pii = random.NextDouble() < piiShare;
        return type switch
        {
            PiiType.ResidentId => ResidentId(pii),
            PiiType.MobilePhone => Mobile(pii),
            PiiType.Landline => Landline(pii),
            PiiType.Email => Email(pii),
            PiiType.BankCard => BankCard(pii),
            PiiType.Passport => Passport(pii),
            PiiType.UnifiedSocialCreditCode => CreditCode(pii),
            PiiType.IpAddress => IpAddress(pii),
            PiiType.HongKongId => HongKongId(pii),
            PiiType.TaiwanId => TaiwanId(pii),
            PiiType.PersonName => new GeneratedValue(type, Name(traditional), traditional ? "traditional" : "simplified", true),
            PiiType.Address => Address(traditional),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
    }

    private GeneratedValue ResidentId(bool pii)
    {
        var birth = new DateTime(1940, 1, 1).AddDays(random.Next(0, 365 * 70));
        var body = Pick(RegionCodes) + birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + Digits(3);
        var check = IdCheck(body);
        string format;
        string id;
        if (pii)
        {
            id = body + check;
            format = "valid";
        }
        else if (random.NextDouble() < 0.8)
        {
            id = body + Other("0123456789X", check);
            format = "wrong check digit";
        }
        else
        {
            // February 30th with a correct check digit: the checksum holds, the date does not.
            var impossible = body[..10] + "0230" + body[14..];
            id = impossible + IdCheck(impossible);
            format = "impossible date";
        }

        return Written(PiiType.ResidentId, id, format, pii, [(0.55, "plain", s => s), (0.15, "lower-case x", s => s.ToLowerInvariant()), (0.15, "full-width", FullWidth), (0.15, "6-8-4 groups", s => $"{s[..6]} {s[6..14]} {s[14..]}")]);
    }

    private GeneratedValue Mobile(bool pii)
    {
        var number = pii ? Pick(MobilePrefixes) + Digits(8) : random.NextDouble() < 0.5 ? "12" + Digits(9) : Pick(MobilePrefixes) + Digits(7);
        var format = pii ? "valid" : number.Length == 10 ? "10 digits" : "12x prefix";
        return Written(PiiType.MobilePhone, number, format, pii,
        [
            (0.35, "plain", s => s), (0.15, "3-4-4 dashes", s => Group(s, '-', 3, 4)), (0.1, "3-4-4 spaces", s => Group(s, ' ', 3, 4)),
            (0.1, "+86", s => "+86" + s), (0.1, "+86 3-4-4", s => "+86 " + Group(s, ' ', 3, 4)), (0.05, "0086-", s => "0086-" + s),
            (0.05, "(+86)", s => "(+86)" + s), (0.1, "full-width", FullWidth),
        ]);
    }

    private GeneratedValue Landline(bool pii)
    {
        var shortArea = random.NextDouble() < 0.5;
        var area = shortArea ? Pick(ShortAreaCodes) : Pick(LongAreaCodes);
        var local = random.Next(2, 9).ToString(System.Globalization.CultureInfo.InvariantCulture) + Digits(shortArea || random.NextDouble() < 0.5 ? 7 : 6);
        string format = "valid";
        if (!pii)
        {
            // A local number never starts with 0 or 1.
            local = "1" + local[1..];
            format = "local number starts with 1";
        }

        var half = local.Length / 2;
        var value = random.NextDouble() switch
        {
            < 0.35 => (area + "-" + local, "area-local"),
            < 0.5 => ($"({area}){local}", "(area)local"),
            < 0.6 => ($"（{area}）{local}", "full-width parentheses"),
            < 0.7 => ($"{area} {local[..half]} {local[half..]}", "space groups"),
            < 0.8 => ($"{area}-{local}-{Digits(3)}", "with extension"),
            < 0.9 => ($"+86-{area[1..]}-{local}", "+86 without trunk 0"),
            _ => (area + local, "one run after a cue word"),
        };
        return new GeneratedValue(PiiType.Landline, value.Item1, pii ? value.Item2 : format, pii);
    }

    private GeneratedValue Email(bool pii)
    {
        var local = Pick(MailLocals) + (random.NextDouble() < 0.3 ? Digits(2) : string.Empty);
        if (pii)
        {
            return new GeneratedValue(PiiType.Email, $"{local}@{Pick(MailDomains)}", "valid", true);
        }

        return random.NextDouble() < 0.5
            ? new GeneratedValue(PiiType.Email, $"{local}@localhost", "no top-level domain", false)
            : new GeneratedValue(PiiType.Email, $"{local}..x@{Pick(MailDomains)}", "double dot", false);
    }

    private GeneratedValue BankCard(bool pii)
    {
        var (prefix, length, network) = random.Next(6) switch
        {
            0 => ("62" + Digits(4), 19, "UnionPay 19"),
            1 => ("62" + Digits(4), 16, "UnionPay 16"),
            2 => ("4" + Digits(5), 16, "Visa"),
            3 => ("5" + random.Next(1, 6) + Digits(4), 16, "Mastercard"),
            4 => ("3" + (random.Next(2) == 0 ? "4" : "7") + Digits(4), 15, "Amex"),
            _ => ("35" + random.Next(28, 90) + Digits(2), 16, "JCB"),
        };
        var body = prefix + Digits(length - prefix.Length - 1);
        var check = LuhnCheck(body);
        var card = body + (pii ? check : Other("0123456789", check));
        var format = (pii ? network : network + ", wrong Luhn digit") + ", ";
        return random.NextDouble() switch
        {
            < 0.5 => new GeneratedValue(PiiType.BankCard, card, format + "plain", pii),
            < 0.7 => new GeneratedValue(PiiType.BankCard, length == 15 ? $"{card[..4]} {card[4..10]} {card[10..]}" : Group(card, ' ', 4, 4), format + "groups", pii),
            < 0.85 => new GeneratedValue(PiiType.BankCard, length == 15 ? $"{card[..4]}-{card[4..10]}-{card[10..]}" : Group(card, '-', 4, 4), format + "dash groups", pii),
            _ => new GeneratedValue(PiiType.BankCard, FullWidth(card), format + "full-width", pii),
        };
    }

    private GeneratedValue Passport(bool pii)
    {
        if (!pii)
        {
            // Seven digits after E, or a letter that is not a mainland passport series: decoys without a cue word.
            return random.NextDouble() < 0.5
                ? new GeneratedValue(PiiType.Passport, "E" + Digits(7), "E + 7 digits", false)
                : new GeneratedValue(PiiType.Passport, "X" + Digits(8), "X + 8 digits", false);
        }

        return random.Next(3) switch
        {
            0 => new GeneratedValue(PiiType.Passport, "E" + Digits(8), "E + 8 digits", true),
            1 => new GeneratedValue(PiiType.Passport, "E" + Pick("ABCDEFGHJKLMNPQRSTUVWXYZ") + Digits(7), "E + letter + 7 digits", true),
            _ => new GeneratedValue(PiiType.Passport, "G" + Digits(8), "G + 8 digits", true),
        };
    }

    private GeneratedValue CreditCode(bool pii)
    {
        var body = new StringBuilder().Append(Pick("9999999915NY")).Append(Pick("123")).Append(Pick(RegionCodes));
        while (body.Length < 17)
        {
            body.Append(CreditAlphabet[random.Next(CreditAlphabet.Length)]);
        }

        var first17 = body.ToString();
        var check = CreditCheck(first17);
        var code = first17 + (pii ? check : Other(CreditAlphabet, check));
        var format = pii ? "valid" : "wrong check character";
        return random.NextDouble() < 0.9
            ? new GeneratedValue(PiiType.UnifiedSocialCreditCode, code, format, pii)
            : new GeneratedValue(PiiType.UnifiedSocialCreditCode, code.ToLowerInvariant(), format + ", lower case", pii);
    }

    private GeneratedValue IpAddress(bool pii)
    {
        if (!pii)
        {
            return random.NextDouble() < 0.5
                ? new GeneratedValue(PiiType.IpAddress, $"{random.Next(256, 1000)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}", "octet above 255", false)
                : new GeneratedValue(PiiType.IpAddress, $"{random.Next(1, 256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}", "five parts", false);
        }

        if (random.NextDouble() < 0.7)
        {
            return new GeneratedValue(PiiType.IpAddress, $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}", "IPv4", true);
        }

        var groups = Enumerable.Range(0, 8).Select(_ => random.Next(0x10000).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (random.NextDouble() < 0.5)
        {
            return new GeneratedValue(PiiType.IpAddress, string.Join(':', groups), "IPv6 full", true);
        }

        groups[0] = "2001";
        groups[1] = "db8";
        return new GeneratedValue(PiiType.IpAddress, $"{groups[0]}:{groups[1]}::{groups[6]}:{groups[7]}", "IPv6 compressed", true);
    }

    private GeneratedValue HongKongId(bool pii)
    {
        var letters = random.NextDouble() < 0.8 ? Pick("ABCDEGHKMPRVYZ").ToString() : $"X{Pick("ABCDE")}";
        var digits = Digits(6);
        var sum = (letters.Length == 1 ? 36 * 9 + (letters[0] - 'A' + 10) * 8 : (letters[0] - 'A' + 10) * 9 + (letters[1] - 'A' + 10) * 8)
            + digits.Select((d, i) => (d - '0') * (7 - i)).Sum();
        var value = (11 - sum % 11) % 11;
        var check = value == 10 ? 'A' : (char)('0' + value);
        var written = pii ? check : Other("0123456789A", check);
        return random.NextDouble() < 0.7
            ? new GeneratedValue(PiiType.HongKongId, $"{letters}{digits}({written})", pii ? "valid" : "wrong check character", pii)
            : new GeneratedValue(PiiType.HongKongId, $"{letters}{digits}（{written}）", (pii ? "valid" : "wrong check character") + ", full-width parentheses", pii);
    }

    private GeneratedValue TaiwanId(bool pii)
    {
        var letter = (char)('A' + random.Next(26));
        var body = Pick("12") + Digits(7);
        var code = TaiwanLetterValues[letter - 'A'];
        var sum = code / 10 + code % 10 * 9 + body.Select((d, i) => (d - '0') * (8 - i)).Sum();
        var check = (char)('0' + (10 - sum % 10) % 10);
        return new GeneratedValue(PiiType.TaiwanId, $"{letter}{body}{(pii ? check : Other("0123456789", check))}", pii ? "valid" : "wrong check digit", pii);
    }

    private string Name(bool traditional)
    {
        var given = traditional ? GivenTraditional : GivenSimplified;
        var surname = Pick(traditional ? SurnamesTraditional : SurnamesSimplified);
        return surname + Pick(given) + (random.NextDouble() < 0.7 ? Pick(given).ToString() : string.Empty);
    }

    private GeneratedValue Address(bool traditional)
    {
        var (province, city, districts) = Pick(traditional ? PlacesTraditional : PlacesSimplified);
        var road = Pick(traditional ? RoadsTraditional : RoadsSimplified);
        var number = random.Next(1, 500) + (traditional ? "號" : "号");
        var unit = random.NextDouble() < 0.3 ? (traditional ? $"{random.Next(2, 20)}樓" : $"{random.Next(1, 30)}栋{random.Next(101, 2500)}室") : string.Empty;
        var startsWithCity = city.Length > 0 && random.NextDouble() < 0.2;
        var value = (startsWithCity ? city : province + city) + Pick(districts) + road + number + unit;
        return new GeneratedValue(PiiType.Address, value, startsWithCity ? "starts with the city" : "starts with the province", true);
    }

    private GeneratedValue Written(PiiType type, string value, string format, bool pii, (double Share, string Name, Func<string, string> Write)[] forms)
    {
        var roll = random.NextDouble();
        foreach (var (share, name, write) in forms)
        {
            if (roll < share)
            {
                return new GeneratedValue(type, write(value), $"{format}, {name}", pii);
            }

            roll -= share;
        }

        return new GeneratedValue(type, forms[0].Write(value), $"{format}, {forms[0].Name}", pii);
    }

    private static char IdCheck(string first17) => "10X98765432"[first17.Select((c, i) => (c - '0') * IdWeights[i]).Sum() % 11];

    private static char CreditCheck(string first17) =>
        CreditAlphabet[(31 - first17.Select((c, i) => CreditAlphabet.IndexOf(c, StringComparison.Ordinal) * CreditWeights[i]).Sum() % 31) % 31];

    private static char LuhnCheck(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            // The check digit will be rightmost, so the digit next to it is doubled.
            var d = body[body.Length - 1 - i] - '0';
            sum += i % 2 == 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
        }

        return (char)('0' + (10 - sum % 10) % 10);
    }

    private static string Group(string digits, char separator, int first, int size)
    {
        var parts = new List<string> { digits[..first] };
        for (var i = first; i < digits.Length; i += size)
        {
            parts.Add(digits[i..Math.Min(digits.Length, i + size)]);
        }

        return string.Join(separator, parts);
    }

    /// <summary>ASCII digits and letters as their full-width forms (０-９, Ａ-Ｚ).</summary>
    public static string FullWidth(string s) => string.Concat(s.Select(c => c switch
    {
        >= '0' and <= '9' => (char)(c - '0' + '０'),
        >= 'A' and <= 'Z' => (char)(c - 'A' + 'Ａ'),
        >= 'a' and <= 'z' => (char)(c - 'a' + 'ａ'),
        _ => c,
    }));

    private string Digits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + random.Next(10));
        }

        return new string(chars);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private char Pick(string chars) => chars[random.Next(chars.Length)];

    /// <summary>A character of <paramref name="alphabet"/> other than <paramref name="except"/>.</summary>
    private char Other(string alphabet, char except)
    {
        while (true)
        {
            var c = alphabet[random.Next(alphabet.Length)];
            if (c != except)
            {
                return c;
            }
        }
    }
}
