using Hunyu.Core.Errors;
using Hunyu.Server.Uploads;

namespace Hunyu.Server.Tests.Uploads;

public sealed class UploadFileNameTests
{
    [Theory]
    [InlineData("员工手册.md", "员工手册.md")]
    [InlineData("/etc/passwd.txt", "passwd.txt")]
    [InlineData("C:\\Users\\me\\notes.md", "notes.md")]
    [InlineData("a<b>c:d|e?f*.md", "abcdef.md")]
    [InlineData("bad\u0000name\u001f.txt", "badname.txt")]
    [InlineData("  .hidden.md. ", "hidden.md")]
    [InlineData("nul.txt", "_nul.txt")]
    [InlineData("COM1.md", "_COM1.md")]
    public void Sanitize_ClientName_ReturnsSafeSingleName(string clientName, string expected)
    {
        Assert.Equal(expected, UploadFileName.Sanitize(clientName));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData("a/..")]
    [InlineData("../../etc/passwd.txt")]
    [InlineData("..\\..\\boot.ini.txt")]
    [InlineData("docs/ .. /x.md")]
    [InlineData("<>|")]
    [InlineData("dir/ . ")]
    public void Sanitize_NothingUsableLeft_ThrowsInvalidArgument(string? clientName)
    {
        var error = Assert.Throws<HunyuException>(() => UploadFileName.Sanitize(clientName));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
    }

    [Fact]
    public void Sanitize_TooLong_ThrowsInvalidArgumentNamingTheLimit()
    {
        var error = Assert.Throws<HunyuException>(() => UploadFileName.Sanitize(new string('长', 300) + ".txt"));

        Assert.Contains("200", error.Message, StringComparison.Ordinal);
    }
}
