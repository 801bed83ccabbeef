using Hunyu.Core.Knowledge;

namespace Hunyu.Core.Tests.Knowledge;

public sealed class DomainTests
{
    [Theory]
    [InlineData("statutes", true)]
    [InlineData("hr-2024_docs", true)]
    [InlineData("", false)]
    [InlineData("Statutes", false)]
    [InlineData("-leading-dash", false)]
    [InlineData("../escape", false)]
    public void IsValidName_AcceptsOnlyLowerCaseSlugs(string name, bool expected) =>
        Assert.Equal(expected, Domain.IsValidName(name));

    [Fact]
    public void IsValidName_RejectsNamesOverTheLimit() =>
        Assert.False(Domain.IsValidName(new string('a', Domain.MaxNameLength + 1)));

    [Theory]
    [InlineData("statutes", "statutes")]
    [InlineData("CMRC2018 Trial", "cmrc2018-trial")]
    [InlineData("--HR Docs!!", "hr-docs")]
    [InlineData("法规", null)]
    public void NameFromFolder_FoldsToAValidNameOrNone(string folder, string? expected) =>
        Assert.Equal(expected, Domain.NameFromFolder(folder));
}
