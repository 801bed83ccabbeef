using System.Net;
using System.Net.Sockets;
using Hunyu.Core.Errors;

namespace Hunyu.Core.Net;

/// <summary>
/// SECURITY (SSRF): a <see cref="SocketsHttpHandler.ConnectCallback"/> for clients that must not reach internal
/// addresses (the web crawler, web-search providers). It resolves the host itself, checks every resolved address with
/// <see cref="NetworkAddressPolicy"/>, and connects the socket to exactly the addresses it checked, so a DNS answer
/// that changes between a check and the connect (DNS rebinding) cannot slip through.
/// </summary>
/// <remarks>
/// A host with any refused address is refused whole: a name that mixes public and private addresses is a rebinding
/// trick (make the public one fail, and the client falls back to the private one). The handler must not use a proxy,
/// which would open the connection past this check. Thread-safe.
/// </remarks>
/// <param name="policy">Which addresses are allowed.</param>
/// <param name="resolve">Resolves a host name to its addresses (<see cref="ResolveWithDnsAsync"/>, or a fake in tests).</param>
public sealed class GuardedConnector(NetworkAddressPolicy policy, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    /// <summary>The system resolver.</summary>
    public static Task<IPAddress[]> ResolveWithDnsAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>Checks a host that is an IP literal before any request, so the refusal needs no connection attempt.</summary>
    /// <exception cref="HunyuException"><c>address_not_allowed</c> naming the address and the option that would allow it.</exception>
    public void CheckLiteral(Uri url)
    {
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && policy.Refusal(address) is { } refusal)
        {
            throw new HunyuException(ErrorCode.AddressNotAllowed, $"refused: {refusal}");
        }
    }

    /// <summary>Opens a TCP connection to an allowed address of the endpoint's host.</summary>
    /// <exception cref="HunyuException"><c>address_not_allowed</c> when the host is or resolves to a refused address.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HunyuException(ErrorCode.SourceUnavailable, $"{host}: the name resolves to no address");
        }

        foreach (var address in addresses)
        {
            if (policy.Refusal(address, literal is null ? host : null) is { } refusal)
            {
                throw new HunyuException(ErrorCode.AddressNotAllowed, $"refused: {refusal}");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
