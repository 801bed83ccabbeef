using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

public sealed class PiiPolicyTests
{
    [Theory]
    [InlineData(PiiType.ResidentId, PiiAction.Mask)]
    [InlineData(PiiType.MobilePhone, PiiAction.Mask)]
    [InlineData(PiiType.Landline, PiiAction.Mask)]
    [InlineData(PiiType.Email, PiiAction.Mask)]
    [InlineData(PiiType.BankCard, PiiAction.Mask)]
    [InlineData(PiiType.Passport, PiiAction.Mask)]
    [InlineData(PiiType.UnifiedSocialCreditCode, PiiAction.Mask)]
    [InlineData(PiiType.IpAddress, PiiAction.Mask)]
    [InlineData(PiiType.HongKongId, PiiAction.Mask)]
    [InlineData(PiiType.TaiwanId, PiiAction.Mask)]
    [InlineData(PiiType.PersonName, PiiAction.FlagDocument)]
    [InlineData(PiiType.Address, PiiAction.FlagDocument)]
    public void Default_ActionFor_MasksIdentifiersAndFlagsNamesAndAddresses(PiiType type, PiiAction expected) =>
        Assert.Equal(expected, PiiPolicy.Default.ActionFor(type));

    [Fact]
    public void Default_Actions_CoversEveryType() =>
        Assert.Equal(Enum.GetValues<PiiType>().Length, PiiPolicy.Default.Actions.Count);

    [Fact]
    public void With_ReturnsChangedCopy()
    {
        var policy = PiiPolicy.Default.With(PiiType.Email, PiiAction.DropChunk);

        Assert.Equal(PiiAction.DropChunk, policy.ActionFor(PiiType.Email));
        Assert.Equal(PiiAction.Mask, PiiPolicy.Default.ActionFor(PiiType.Email));
    }

    [Fact]
    public void ActionFor_MatchBelowMinimum_Keeps()
    {
        var policy = PiiPolicy.Default.WithMinimumConfidence(0.8);

        Assert.Equal(PiiAction.Keep, policy.ActionFor(new PiiMatch(PiiType.PersonName, 0, 2, 0.6)));
        Assert.Equal(PiiAction.Mask, policy.ActionFor(new PiiMatch(PiiType.ResidentId, 0, 18, 0.99)));
    }

    [Fact]
    public void With_UndefinedValues_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiPolicy.Default.With((PiiType)42, PiiAction.Mask));
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiPolicy.Default.With(PiiType.Email, (PiiAction)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiPolicy.Default.WithMinimumConfidence(1.5));
    }
}
