using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

public sealed class IdentifierCheckTests
{
    [Theory]
    [InlineData("11010519491231002X", "Passed")]
    [InlineData("110105199003071239", "Passed")]
    [InlineData("510107200002298768", "Passed")] // 2000-02-29: a leap day
    [InlineData("110105199003071238", "Failed")]
    [InlineData("110105190002291234", "Failed")] // 1900 was not a leap year: ID-shaped, but no such day
    [InlineData("110105199013071234", "NoShape")] // month 13
    [InlineData("000105199003071239", "NoShape")] // region 00
    [InlineData("11010519900307123", "NoShape")]
    public void ResidentIdCheck_Check_ReturnsOutcome(string id, string expected) =>
        Assert.Equal(expected, ResidentIdCheck.Check(id).ToString());

    [Fact]
    public void ResidentIdCheck_CheckCharacter_IsXForRemainderTwo() =>
        Assert.Equal('X', ResidentIdCheck.CheckCharacter("11010519491231002"));

    [Theory]
    [InlineData("6222021234567890128", "Passed")] // UnionPay, 19 digits
    [InlineData("4111111111111111", "Passed")] // Visa
    [InlineData("5555555555554444", "Passed")] // Mastercard
    [InlineData("378282246310005", "Passed")] // American Express
    [InlineData("6222021234567890127", "Failed")]
    [InlineData("1234567812345670", "NoShape")] // Luhn-valid, but no issuer starts with 1
    [InlineData("411111111111111", "NoShape")] // Visa has no 15-digit cards
    public void BankCardCheck_Check_ReturnsOutcome(string digits, string expected) =>
        Assert.Equal(expected, BankCardCheck.Check(digits).ToString());

    [Theory]
    [InlineData("91350100M000100Y43", "Passed")]
    [InlineData("91110108MA01ABCD1E", "Passed")]
    [InlineData("12100000400000624D", "Passed")] // central level: region 10
    [InlineData("91350100M000100Y44", "Failed")]
    [InlineData("91350100M000100YI3", "NoShape")] // I is not in the alphabet
    [InlineData("01350100M000100Y43", "NoShape")]
    public void CreditCodeCheck_Check_ReturnsOutcome(string code, string expected) =>
        Assert.Equal(expected, CreditCodeCheck.Check(code).ToString());

    [Fact]
    public void CreditCodeCheck_CheckCharacter_MatchesStandardExample() =>
        Assert.Equal('3', CreditCodeCheck.CheckCharacter("91350100M000100Y4"));

    [Theory]
    [InlineData("A1234563", "Passed")]
    [InlineData("A1234564", "Failed")]
    [InlineData("1234567", "NoShape")]
    public void HongKongIdCheck_Check_ReturnsOutcome(string id, string expected) =>
        Assert.Equal(expected, HongKongIdCheck.Check(id).ToString());

    [Theory]
    [InlineData("A123456789", "Passed")]
    [InlineData("A123456788", "Failed")]
    [InlineData("A323456789", "NoShape")] // second digit is 1, 2, 8 or 9
    public void TaiwanIdCheck_Check_ReturnsOutcome(string id, string expected) =>
        Assert.Equal(expected, TaiwanIdCheck.Check(id).ToString());
}
