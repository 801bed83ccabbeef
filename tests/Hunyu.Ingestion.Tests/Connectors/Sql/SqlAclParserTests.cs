using Hunyu.Ingestion.Connectors.Sql;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>The ACL column format: <c>group:hr;user:bob;!user:eve</c>.</summary>
public sealed class SqlAclParserTests
{
    [Theory]
    [InlineData("group:hr;user:bob", new[] { "group:hr", "user:bob" }, new string[0])]
    [InlineData(" group:hr , user:bob ;; group:hr ", new[] { "group:hr", "user:bob" }, new string[0])]
    [InlineData("group:hr;!user:eve", new[] { "group:hr" }, new[] { "user:eve" })]
    [InlineData("*", new[] { "*" }, new string[0])]
    public void TryParse_ValidEntries_ReturnsAllowAndDeny(string value, string[] allow, string[] deny)
    {
        Assert.True(SqlAclParser.TryParse(value, out var acl, out var error));

        Assert.Null(error);
        Assert.Equal(allow, acl.Allow);
        Assert.Equal(deny, acl.Deny);
    }

    [Theory]
    [InlineData("hr", "ACL entry 'hr' is not *, user:NAME or group:NAME (prefix ! to deny)")]
    [InlineData("group:hr;role:admin", "ACL entry 'role:admin' is not *, user:NAME or group:NAME (prefix ! to deny)")]
    [InlineData("user:", "ACL entry 'user:' is not *, user:NAME or group:NAME (prefix ! to deny)")]
    [InlineData("!user:eve", "the ACL allows no one (give at least one user:, group: or * entry)")]
    [InlineData(" ; ", "the ACL allows no one (give at least one user:, group: or * entry)")]
    public void TryParse_InvalidValue_FailsClosedWithReason(string value, string expected)
    {
        Assert.False(SqlAclParser.TryParse(value, out _, out var error));

        Assert.Equal(expected, error);
    }
}
