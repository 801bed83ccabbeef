using System.Net;
using Hunyu.Core.Net;

namespace Hunyu.Core.Tests.Net;

public sealed class NetworkAddressPolicyTests
{
    private const string Section = "Hunyu:Ingestion:Web";

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("2002:5db8:d822::1")]
    public void Refusal_PublicAddress_IsAllowed(string address)
    {
        Assert.Null(new NetworkAddressPolicy(false, false, Section).Refusal(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::127.0.0.1", "loopback")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("64:ff9b::7f00:1", "loopback")]
    [InlineData("10.0.0.1", "private-network")]
    [InlineData("172.16.0.1", "private-network")]
    [InlineData("172.31.255.255", "private-network")]
    [InlineData("192.168.0.1", "private-network")]
    [InlineData("100.64.0.1", "private-network")]
    [InlineData("fc00::1", "private-network")]
    [InlineData("fd12:3456::1", "private-network")]
    [InlineData("::ffff:10.1.1.1", "private-network")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("192.0.2.1", "reserved")]
    [InlineData("2001:db8::1", "reserved")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved")]
    public void Refusal_InternalAddress_IsRefusedByDefault(string address, string category)
    {
        var refusal = new NetworkAddressPolicy(false, false, Section).Refusal(IPAddress.Parse(address));

        Assert.NotNull(refusal);
        Assert.Contains($"a {category} address", refusal.Replace("an unspecified", "a unspecified", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_LoopbackWhenAllowed_IsAllowedButPrivateIsNot()
    {
        var policy = new NetworkAddressPolicy(allowLoopback: true, allowPrivateNetworks: false, Section);

        Assert.Null(policy.Refusal(IPAddress.Loopback));
        Assert.Null(policy.Refusal(IPAddress.IPv6Loopback));
        Assert.NotNull(policy.Refusal(IPAddress.Parse("10.0.0.1")));
    }

    [Fact]
    public void Refusal_PrivateNetworksWhenAllowed_StillRefusesLinkLocalAndLoopback()
    {
        var policy = new NetworkAddressPolicy(allowLoopback: false, allowPrivateNetworks: true, Section);

        Assert.Null(policy.Refusal(IPAddress.Parse("192.168.1.10")));
        Assert.Null(policy.Refusal(IPAddress.Parse("fd00::10")));
        Assert.Contains("never allowed", policy.Refusal(IPAddress.Parse("169.254.169.254")), StringComparison.Ordinal);
        Assert.NotNull(policy.Refusal(IPAddress.Loopback));
    }

    [Fact]
    public void Refusal_WithHostName_SaysWhatItResolvedTo()
    {
        var refusal = new NetworkAddressPolicy(false, false, Section).Refusal(IPAddress.Loopback, "db.internal");

        Assert.Equal("db.internal resolves to 127.0.0.1, a loopback address; set Hunyu:Ingestion:Web:AllowLoopback to allow it", refusal);
    }
}
