using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <content>Domains and sources (<see cref="IKnowledgeCatalog"/>).</content>
public sealed partial class SqliteCatalog
{
    private const string SelectDomainSql = "SELECT name, kind, weight, owner, tenant FROM domains WHERE name = $name;";
    private const string InsertDomainSql =
        "INSERT INTO domains (name, kind, weight, owner, tenant, created_at) VALUES ($name, $kind, $weight, $owner, $tenant, $created_at) ON CONFLICT (name) DO NOTHING;";
    private const string SelectSourceSql = "SELECT id, domain, kind, location, created_at FROM sources WHERE id = $id;";
    private const string InsertSourceSql =
        "INSERT INTO sources (id, domain, kind, location, created_at) VALUES ($id, $domain, $kind, $location, $created_at) ON CONFLICT (id) DO NOTHING;";

    /// <summary>Creates the domain if it does not exist and returns the stored one; an existing domain is returned unchanged (its kind, weight and owner are not overwritten).</summary>
    /// <exception cref="HunyuException"><see cref="ErrorCode.InvalidArgument"/> when the name or weight is invalid.</exception>
    public async Task<Domain> EnsureDomainAsync(Domain domain, CancellationToken cancellationToken = default)
    {
        ValidateDomain(domain);
        var existing = await ReadAsync((connection, transaction) => FindDomain(connection, transaction, domain.Name), cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        return await WriteAsync(
            (connection, transaction) =>
            {
                InsertDomain(connection, transaction, domain, Now());
                return FindDomain(connection, transaction, domain.Name)!;
            },
            cancellationToken);
    }

    /// <summary>
    /// Registers the source if it does not exist and returns the stored one. Its id is
    /// <see cref="DocumentIds.ForSource"/>; a missing domain is created as an <see cref="DomainKind.Enterprise"/> domain.
    /// </summary>
    /// <exception cref="HunyuException"><see cref="ErrorCode.InvalidArgument"/> when the domain name is invalid or kind or location is blank.</exception>
    public async Task<Source> EnsureSourceAsync(string domain, string kind, string location, CancellationToken cancellationToken = default)
    {
        ValidateDomainName(domain);
        if (string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(location))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"a source of domain '{domain}' needs a kind and a location; got kind '{kind}', location '{location}'");
        }

        var id = DocumentIds.ForSource(domain, kind, location);
        var existing = await ReadAsync((connection, transaction) => FindSource(connection, transaction, id), cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        return await WriteAsync(
            (connection, transaction) =>
            {
                var now = Now();
                InsertDomain(connection, transaction, new Domain(domain, DomainKind.Enterprise), now);
                using var command = Command(connection, transaction, InsertSourceSql);
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$domain", domain);
                command.Parameters.AddWithValue("$kind", kind);
                command.Parameters.AddWithValue("$location", location);
                command.Parameters.AddWithValue("$created_at", now);
                command.ExecuteNonQuery();
                return FindSource(connection, transaction, id)!;
            },
            cancellationToken);
    }

    /// <summary>Every domain (of every tenant) by name, with its sources (by kind, then location), live document counts and each source's last finished run.</summary>
    public Task<IReadOnlyList<DomainSummary>> ListDomainsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<DomainSummary>>(
            (connection, transaction) =>
            {
                var sources = new Dictionary<string, List<SourceSummary>>(StringComparer.Ordinal);
                using (var command = Command(connection, transaction, """
                    SELECT s.id, s.domain, s.kind, s.location, s.created_at,
                           (SELECT COUNT(*) FROM documents d WHERE d.source_id = s.id AND d.deleted_at IS NULL),
                           (SELECT MAX(r.finished_at) FROM ingestion_runs r WHERE r.source_id = s.id AND r.finished_at IS NOT NULL)
                    FROM sources s
                    ORDER BY s.domain, s.kind, s.location;
                    """))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var source = ReadSource(reader);
                        var lastRun = reader.IsDBNull(6) ? (DateTimeOffset?)null : TimestampText.Parse(reader.GetString(6));
                        if (!sources.TryGetValue(source.Domain, out var list))
                        {
                            sources[source.Domain] = list = [];
                        }

                        list.Add(new SourceSummary(source, reader.GetInt32(5), lastRun));
                    }
                }

                var domains = new List<DomainSummary>();
                using (var command = Command(connection, transaction, """
                    SELECT m.name, m.kind, m.weight, m.owner, m.tenant,
                           (SELECT COUNT(*) FROM documents d WHERE d.domain = m.name AND d.deleted_at IS NULL)
                    FROM domains m
                    ORDER BY m.name;
                    """))
                using (var reader = command.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var domain = ReadDomain(reader);
                        domains.Add(new DomainSummary(domain, sources.GetValueOrDefault(domain.Name) ?? [], reader.GetInt32(5)));
                    }
                }

                return domains;
            },
            cancellationToken);

    private static void ValidateDomainName(string? name)
    {
        if (!Domain.IsValidName(name))
        {
            throw new HunyuException(
                ErrorCode.InvalidArgument,
                $"domain name '{name}' is invalid; allowed are 1–{Domain.MaxNameLength} of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
    }

    private static void ValidateDomain(Domain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ValidateDomainName(domain.Name);
        if (!double.IsFinite(domain.Weight) || domain.Weight < 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{domain.Name}' has weight {domain.Weight}; allowed is a finite number >= 0");
        }
    }

    private static void InsertDomain(SqliteConnection connection, SqliteTransaction transaction, Domain domain, string now)
    {
        using var command = Command(connection, transaction, InsertDomainSql);
        command.Parameters.AddWithValue("$name", domain.Name);
        command.Parameters.AddWithValue("$kind", DomainKindText.Format(domain.Kind));
        command.Parameters.AddWithValue("$weight", domain.Weight);
        command.Parameters.AddWithValue("$owner", DbValue(domain.Owner));
        command.Parameters.AddWithValue("$tenant", domain.Tenant);
        command.Parameters.AddWithValue("$created_at", now);
        command.ExecuteNonQuery();
    }

    private static Domain? FindDomain(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = Command(connection, transaction, SelectDomainSql);
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadDomain(reader) : null;
    }

    private static Source? FindSource(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        using var command = Command(connection, transaction, SelectSourceSql);
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadSource(reader) : null;
    }

    private static Domain ReadDomain(SqliteDataReader reader) => new(
        reader.GetString(0),
        DomainKindText.Parse(reader.GetString(1)),
        reader.GetDouble(2),
        reader.IsDBNull(3) ? null : reader.GetString(3))
    {
        Tenant = reader.GetString(4),
    };

    private static Source ReadSource(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        TimestampText.Parse(reader.GetString(4)));
}
