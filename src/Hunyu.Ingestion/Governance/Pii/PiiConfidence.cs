namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>The confidence the detector gives each kind of evidence, in one place.</summary>
internal static class PiiConfidence
{
    /// <summary>Check character, valid region and birth date.</summary>
    public const double ResidentId = 0.99;

    /// <summary>Check character of a 31-letter alphabet and a region code.</summary>
    public const double CreditCode = 0.97;

    /// <summary>Luhn and an issuer prefix that fits the length (one random number in ten passes Luhn).</summary>
    public const double BankCard = 0.95;

    /// <summary>A bank card with a cue word before it.</summary>
    public const double BankCardWithCue = 0.99;

    /// <summary>Hong Kong and Taiwan identity numbers (check character).</summary>
    public const double RegionalId = 0.95;

    /// <summary>An e-mail address.</summary>
    public const double Email = 0.95;

    /// <summary>An 11-digit number 1[3-9]… bounded by non-digits (no checksum).</summary>
    public const double Mobile = 0.9;

    /// <summary>A mobile number with a country code or a cue word.</summary>
    public const double MobileWithCue = 0.97;

    /// <summary>Area code and local number written with a separator or parentheses.</summary>
    public const double Landline = 0.85;

    /// <summary>A landline with a cue word (also how a landline without separator is accepted).</summary>
    public const double LandlineWithCue = 0.95;

    /// <summary>IPv4 and IPv6 addresses.</summary>
    public const double IpAddress = 0.9;

    /// <summary>A Chinese E/G passport number with no cue word.</summary>
    public const double Passport = 0.8;

    /// <summary>A passport or permit number after a cue word.</summary>
    public const double PassportWithCue = 0.95;

    /// <summary>A name after a cue word and a colon.</summary>
    public const double NameAfterColon = 0.75;

    /// <summary>A name right after a cue word.</summary>
    public const double Name = 0.6;

    /// <summary>An address after a cue word and a colon.</summary>
    public const double AddressAfterColon = 0.7;

    /// <summary>An address without a colon (a cue word, or a province-level name, and a street number).</summary>
    public const double Address = 0.6;
}
