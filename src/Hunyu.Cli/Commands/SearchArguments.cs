using System.CommandLine;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;

namespace Hunyu.Cli.Commands;

/// <summary>The query argument and filter options shared by <c>search</c> and <c>ask</c>.</summary>
public sealed class SearchArguments
{
    private readonly Argument<string> _query = new("query") { Description = "The question or keywords" };
    private readonly Option<string[]> _domains = new("--domain", "-d") { Description = "Domain to search (repeatable; default all)" };
    private readonly Option<string[]> _sources = new("--source") { Description = "Source id to search (repeatable)" };
    private readonly Option<string[]> _metadata = new("--meta") { Description = "Metadata filter KEY=VALUE (repeatable)" };
    private readonly Option<int> _limit;
    private readonly Option<string?> _server = new("--server")
    {
        Description = "Ask this Hunyu server instead of the local data directory (default: $HUNYU_SERVER)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable),
    };

    private readonly Option<string?> _key = new("--key")
    {
        Description = "API key sent to the server as 'Authorization: Bearer KEY' (default: $HUNYU_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(KeyVariable),
    };

    /// <summary>The environment variable naming the server for client mode.</summary>
    public const string ServerVariable = "HUNYU_SERVER";

    /// <summary>The environment variable holding the API key for client mode.</summary>
    public const string KeyVariable = "HUNYU_KEY";

    /// <summary>Creates the arguments with a default result count.</summary>
    public SearchArguments(int defaultLimit) =>
        _limit = new Option<int>("--limit", "-n") { Description = "How many results", DefaultValueFactory = _ => defaultLimit };

    /// <summary>Adds the arguments to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(_query);
        command.Add(_domains);
        command.Add(_sources);
        command.Add(_metadata);
        command.Add(_limit);
        command.Add(_server);
        command.Add(_key);
    }

    /// <summary>A client of the server named by <c>--server</c> (or <c>HUNYU_SERVER</c>); null for local mode.</summary>
    /// <exception cref="HunyuException">The URL is not an http(s) URL (<c>invalid_argument</c>).</exception>
    public Client.ServerClient? ServerClient(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var server = parse.GetValue(_server);
        return string.IsNullOrWhiteSpace(server) ? null : new Client.ServerClient(server, parse.GetValue(_key));
    }

    /// <summary>The request described by the parsed arguments, run as the local admin.</summary>
    /// <exception cref="HunyuException">A metadata filter is not KEY=VALUE.</exception>
    public SearchRequest ToRequest(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parse.GetValue(_metadata) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"--meta '{pair}': expected KEY=VALUE");
            }

            metadata[pair[..equals]] = pair[(equals + 1)..];
        }

        return new SearchRequest
        {
            Query = parse.GetRequiredValue(_query),
            Principal = Principal.LocalAdmin,
            Domains = parse.GetValue(_domains) ?? [],
            Sources = parse.GetValue(_sources) ?? [],
            Metadata = metadata,
            Limit = parse.GetValue(_limit),
        };
    }
}
