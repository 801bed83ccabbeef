namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The kinds of personal or identifying information <see cref="PiiDetector"/> finds.</summary>
public enum PiiType
{
    /// <summary>Mainland resident identity card number (居民身份证号码): 18 characters, ISO 7064 MOD 11-2 check character, valid region and birth date.</summary>
    ResidentId,

    /// <summary>Mainland mobile number: 11 digits 1[3-9]…, optionally +86 or 0086 first, in one run or grouped 3-4-4.</summary>
    MobilePhone,

    /// <summary>Mainland landline: area code 0xx or 0xxx with a separator or parentheses (or a cue word), 7–8 digit local number, optional extension.</summary>
    Landline,

    /// <summary>E-mail address.</summary>
    Email,

    /// <summary>Payment card number: 13–19 digits with the Luhn check and a plausible issuer prefix (62 UnionPay, 4 Visa, 5 Mastercard, …).</summary>
    BankCard,

    /// <summary>Passport or travel permit number: Chinese E/G forms on their own; other forms only after a cue word (护照, passport, 通行证).</summary>
    Passport,

    /// <summary>Unified social credit code of an organisation (统一社会信用代码, GB 32100-2015): 18 characters with its check character.</summary>
    UnifiedSocialCreditCode,

    /// <summary>IPv4 (four octets 0–255) or IPv6 address.</summary>
    IpAddress,

    /// <summary>Hong Kong identity card number, e.g. A123456(3), with its check character.</summary>
    HongKongId,

    /// <summary>Taiwan national identification number, e.g. A123456789, with its check digit.</summary>
    TaiwanId,

    /// <summary>Chinese person name after a cue word (姓名：, 联系人, 申請人, …): a listed surname and one or two given-name characters; lower confidence.</summary>
    PersonName,

    /// <summary>Chinese postal address after a cue word (地址：, 住址, …), or opened by a province-level name or a city (XX市) and holding a street and a house number; lower confidence.</summary>
    Address,
}
