using System.Net;
using System.Net.Sockets;

namespace Hunyu.Core.Net;

/// <summary>
/// SECURITY (SSRF): which IP addresses an outgoing HTTP client (the web crawler, a web-search provider) may connect
/// to. Public unicast addresses are allowed; loopback and private networks only when the options say so; link-local
/// (cloud metadata at 169.254.169.254), multicast, unspecified, broadcast, documentation and reserved ranges never.
/// IPv6 forms that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are
/// judged by that IPv4 address.
/// </summary>
/// <remarks>Immutable, so thread-safe.</remarks>
/// <param name="allowLoopback">Allow 127.0.0.0/8 and ::1.</param>
/// <param name="allowPrivateNetworks">Allow 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7 and fec0::/10.</param>
/// <param name="settingsSection">
/// The configuration section of the caller's options, named in refusals together with its <c>AllowLoopback</c> and
/// <c>AllowPrivateNetworks</c> settings (e.g. <c>Hunyu:Ingestion:Web</c>).
/// </param>
public sealed class NetworkAddressPolicy(bool allowLoopback, bool allowPrivateNetworks, string settingsSection)
{
    /// <summary>The setting, under the caller's section, that allows loopback addresses.</summary>
    public const string AllowLoopbackSetting = "AllowLoopback";

    /// <summary>The setting, under the caller's section, that allows private-network addresses.</summary>
    public const string AllowPrivateNetworksSetting = "AllowPrivateNetworks";

    private static readonly (IPNetwork Network, Category Category)[] V4Ranges =
    [
        (IPNetwork.Parse("0.0.0.0/8"), Category.Unspecified),
        (IPNetwork.Parse("127.0.0.0/8"), Category.Loopback),
        (IPNetwork.Parse("10.0.0.0/8"), Category.Private),
        (IPNetwork.Parse("172.16.0.0/12"), Category.Private),
        (IPNetwork.Parse("192.168.0.0/16"), Category.Private),
        (IPNetwork.Parse("100.64.0.0/10"), Category.Private),
        (IPNetwork.Parse("169.254.0.0/16"), Category.LinkLocal),
        (IPNetwork.Parse("192.0.0.0/24"), Category.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), Category.Reserved),
        (IPNetwork.Parse("198.18.0.0/15"), Category.Reserved),
        (IPNetwork.Parse("198.51.100.0/24"), Category.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), Category.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), Category.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), Category.Reserved),
    ];

    private static readonly (IPNetwork Network, Category Category)[] V6Ranges =
    [
        (IPNetwork.Parse("::/128"), Category.Unspecified),
        (IPNetwork.Parse("::1/128"), Category.Loopback),
        (IPNetwork.Parse("fc00::/7"), Category.Private),
        (IPNetwork.Parse("fec0::/10"), Category.Private),
        (IPNetwork.Parse("64:ff9b:1::/48"), Category.Private),
        (IPNetwork.Parse("fe80::/10"), Category.LinkLocal),
        (IPNetwork.Parse("ff00::/8"), Category.Multicast),
        (IPNetwork.Parse("100::/64"), Category.Reserved),
        (IPNetwork.Parse("2001::/32"), Category.Reserved),
        (IPNetwork.Parse("2001:db8::/32"), Category.Reserved),
    ];

    private static readonly IPNetwork V4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private enum Category
    {
        Public,
        Loopback,
        Private,
        LinkLocal,
        Multicast,
        Unspecified,
        Reserved,
    }

    /// <summary>
    /// Why a connection to <paramref name="address"/> is refused, as one sentence naming the option that would allow it
    /// (e.g. "localhost resolves to 127.0.0.1, a loopback address; set …:AllowLoopback to allow it"); null when it is allowed.
    /// </summary>
    /// <param name="address">The address to connect to.</param>
    /// <param name="hostName">The name it was resolved from; null for an IP literal.</param>
    public string? Refusal(IPAddress address, string? hostName = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        var (what, remedy) = Classify(address) switch
        {
            Category.Public => (null, null),
            Category.Loopback when allowLoopback => (null, null),
            Category.Private when allowPrivateNetworks => (null, null),
            Category.Loopback => ("a loopback address", $"set {settingsSection}:{AllowLoopbackSetting} to allow it"),
            Category.Private => ("a private-network address", $"set {settingsSection}:{AllowPrivateNetworksSetting} to allow it"),
            Category.LinkLocal => ("a link-local address (where cloud metadata services live)", "never allowed"),
            Category.Multicast => ("a multicast address", "never allowed"),
            Category.Unspecified => ("an unspecified address", "never allowed"),
            _ => ("a reserved address", "never allowed"),
        };
        if (what is null)
        {
            return null;
        }

        return hostName is null ? $"{address} is {what}; {remedy}" : $"{hostName} resolves to {address}, {what}; {remedy}";
    }

    private static Category Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.Equals(IPAddress.Broadcast) ? Category.Reserved : Find(V4Ranges, address);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return Category.Reserved;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4());
        }

        var category = Find(V6Ranges, address);
        if (category != Category.Public)
        {
            return category;
        }

        var bytes = address.GetAddressBytes();
        if (V4Compatible.Contains(address) || Nat64.Contains(address))
        {
            return Classify(new IPAddress(bytes.AsSpan(12, 4)));
        }

        return SixToFour.Contains(address) ? Classify(new IPAddress(bytes.AsSpan(2, 4))) : Category.Public;
    }

    private static Category Find((IPNetwork Network, Category Category)[] ranges, IPAddress address)
    {
        foreach (var (network, category) in ranges)
        {
            if (network.Contains(address))
            {
                return category;
            }
        }

        return Category.Public;
    }
}
