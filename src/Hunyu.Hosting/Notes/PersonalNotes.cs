using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Notes;

/// <summary>
/// A user's personal notes: Markdown files in <c>&lt;data&gt;/notes/&lt;domain&gt;/</c>, each indexed in the user's personal
/// domain, which only its owner can search (see <see cref="DomainVisibility"/>), with an ACL naming the owner alone.
/// </summary>
/// <remarks>Thread-safe; changes to one user's notes run one at a time. The files are the notes: the index can be rebuilt from them.</remarks>
/// <param name="knowledge">The knowledge base the notes are indexed in.</param>
public sealed class PersonalNotes(KnowledgeBase knowledge)
{
    /// <summary>The source kind of notes.</summary>
    public const string SourceKind = "notes";

    /// <summary>Longest note text, in characters.</summary>
    public const int MaxTextLength = 1_000_000;

    /// <summary>Longest title, in characters.</summary>
    public const int MaxTitleLength = 200;

    private const string Extension = ".md";

    // Hex digits of a hashed domain name; the lengths differ so the default tenant's and other tenants' names never meet.
    private const int DefaultHashLength = 24;
    private const int TenantHashLength = 32;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// The personal domain of <paramref name="userId"/> of <paramref name="tenant"/>. In the default tenant
    /// <c>notes-&lt;user&gt;</c> when the user id is a valid name part, else <c>notes_&lt;24 hex&gt;</c> (a hash of the
    /// user id); in any other tenant <c>notes_&lt;32 hex&gt;</c> (a hash of tenant and user id). Domain names are unique in
    /// the installation, so the tenant is part of the name; the three forms cannot collide (their shapes differ), and
    /// neither can two users.
    /// </summary>
    public static string DomainOf(string tenant, string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (tenant != Principal.DefaultTenant)
        {
            // A line break is in no tenant name, so ("a", "b\nc") and ("a\nb", "c") cannot hash alike.
            return "notes_" + Hash(tenant + "\n" + userId)[..TenantHashLength];
        }

        // The default tenant keeps the names it always had, so existing notes stay where they are.
        var readable = "notes-" + userId;
        return Domain.IsValidName(readable) ? readable : "notes_" + Hash(userId)[..DefaultHashLength];
    }

    /// <summary>Adds a note for <paramref name="owner"/>; the title defaults to the text's first line.</summary>
    /// <exception cref="HunyuException">The text is empty or too long, or the title too long (<c>invalid_argument</c>, <c>too_large</c>).</exception>
    public async Task<Note> AddAsync(Principal owner, string? title, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return await WriteAsync(owner, id, Validate(title, text), previous: null, cancellationToken);
    }

    /// <summary>Replaces the title and/or text of a note; null when <paramref name="owner"/> has no note <paramref name="id"/>.</summary>
    /// <exception cref="HunyuException">The new text or title is invalid.</exception>
    public async Task<Note?> UpdateAsync(Principal owner, string id, string? title, string? text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (await GetAsync(owner, id, cancellationToken) is not { } current)
        {
            return null;
        }

        var content = Validate(title ?? current.Title, text ?? current.Text);
        return await WriteAsync(owner, id, content, await File.ReadAllBytesAsync(FileOf(owner, id), cancellationToken), cancellationToken);
    }

    /// <summary>Deletes a note from its file and the index; false when <paramref name="owner"/> has no note <paramref name="id"/>.</summary>
    public async Task<bool> DeleteAsync(Principal owner, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!IsNoteId(id) || !File.Exists(FileOf(owner, id)))
        {
            return false;
        }

        var gate = GateOf(owner);
        await gate.WaitAsync(cancellationToken);
        try
        {
            await knowledge.DeleteDocumentAsync(DocumentIdOf(owner, id), CancellationToken.None);
            File.Delete(FileOf(owner, id));
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>One note of <paramref name="owner"/>, or null.</summary>
    public async Task<Note?> GetAsync(Principal owner, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var file = IsNoteId(id) ? FileOf(owner, id) : null;
        return file is not null && File.Exists(file) ? Read(owner, id, await File.ReadAllTextAsync(file, cancellationToken), File.GetLastWriteTimeUtc(file)) : null;
    }

    /// <summary>Every note of <paramref name="owner"/>, newest first.</summary>
    public async Task<IReadOnlyList<Note>> ListAsync(Principal owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var folder = FolderOf(owner);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var notes = new List<Note>();
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            if (IsNoteId(id))
            {
                notes.Add(Read(owner, id, await File.ReadAllTextAsync(file, cancellationToken), File.GetLastWriteTimeUtc(file)));
            }
        }

        return [.. notes.OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id, StringComparer.Ordinal)];
    }

    private async Task<Note> WriteAsync(Principal owner, string id, (string Title, string Text) content, byte[]? previous, CancellationToken cancellationToken)
    {
        var domain = DomainOf(owner);
        var gate = GateOf(owner);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var stored = await knowledge.EnsureDomainAsync(new Domain(domain, DomainKind.Personal, Owner: owner.UserId) { Tenant = owner.Tenant }, cancellationToken);
            if (stored.Kind != DomainKind.Personal || !string.Equals(stored.Owner, owner.UserId, StringComparison.Ordinal))
            {
                // SECURITY: a shared domain created under this name first must never receive someone's notes.
                throw new HunyuException(ErrorCode.InvalidArgument, $"domain '{domain}' exists and is not the personal domain of this user; notes are not written to it");
            }

            var file = FileOf(owner, id);
            Directory.CreateDirectory(FolderOf(owner));
            await File.WriteAllTextAsync(file, $"# {content.Title}\n\n{content.Text}\n", new UTF8Encoding(false), cancellationToken);
            try
            {
                // Once the file is written the ingest runs to the end, so the file and the index agree.
                await knowledge.IngestAsync(
                    new IngestionRequest
                    {
                        Path = file,
                        Domain = domain,
                        Kind = DomainKind.Personal,
                        Acl = new Acl(["user:" + owner.UserId], []),
                        SourceLocation = FolderOf(owner),
                        SourceKind = SourceKind,
                        RemoveMissing = false,
                        Governance = GovernanceActionOverrides.HandedOver,
                    },
                    cancellationToken: CancellationToken.None);
            }
            catch
            {
                Restore(file, previous);
                throw;
            }

            return Read(owner, id, await File.ReadAllTextAsync(file, CancellationToken.None), File.GetLastWriteTimeUtc(file));
        }
        finally
        {
            gate.Release();
        }
    }

    private static (string Title, string Text) Validate(string? title, string text)
    {
        var body = text?.Trim() ?? string.Empty;
        if (body.Length == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "note text: empty; write something to keep");
        }

        if (body.Length > MaxTextLength)
        {
            throw new HunyuException(ErrorCode.TooLarge, $"note text: {body.Length:N0} characters; limit is {MaxTextLength:N0}");
        }

        // A title is one line: a line break would end the heading and move text into the body.
        var heading = string.Join(' ', (string.IsNullOrWhiteSpace(title) ? body.Split('\n')[0] : title).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim().TrimStart('#').Trim();
        if (heading.Length > MaxTitleLength)
        {
            throw new HunyuException(ErrorCode.TooLarge, $"note title: {heading.Length:N0} characters; limit is {MaxTitleLength}");
        }

        return (heading.Length == 0 ? "note" : heading, body);
    }

    private Note Read(Principal owner, string id, string markdown, DateTime updatedUtc)
    {
        var split = markdown.IndexOf("\n\n", StringComparison.Ordinal);
        var title = split < 0 ? markdown.TrimStart('#', ' ').Trim() : markdown[..split].TrimStart('#', ' ').Trim();
        var text = split < 0 ? string.Empty : markdown[(split + 2)..].TrimEnd('\n');
        return new Note(id, title, text, new DateTimeOffset(updatedUtc, TimeSpan.Zero), DocumentIdOf(owner, id), DomainOf(owner));
    }

    private string DocumentIdOf(Principal owner, string id) =>
        DocumentIds.ForDocument(DocumentIds.ForSource(DomainOf(owner), SourceKind, FolderOf(owner)), id + Extension);

    private string FolderOf(Principal owner) => Path.Combine(knowledge.DataDirectory, "notes", DomainOf(owner));

    private string FileOf(Principal owner, string id) => Path.Combine(FolderOf(owner), id + Extension);

    private SemaphoreSlim GateOf(Principal owner) => _gates.GetOrAdd(DomainOf(owner), _ => new SemaphoreSlim(1, 1));

    private static string DomainOf(Principal owner) => DomainOf(owner.Tenant, owner.UserId);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    // SECURITY: ids are 12 lower-case hex digits, so a crafted id can never name a path.
    private static bool IsNoteId(string? id) => id is { Length: 12 } && id.All(char.IsAsciiHexDigitLower);

    private static void Restore(string file, byte[]? previous)
    {
        if (previous is null)
        {
            File.Delete(file);
        }
        else
        {
            File.WriteAllBytes(file, previous);
        }
    }
}
