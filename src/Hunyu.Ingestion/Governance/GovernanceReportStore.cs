using System.Globalization;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Governance;

/// <summary>Keeps the governance report of each ingestion run as a file: <c>&lt;root&gt;/&lt;runId&gt;/governance.json</c>.</summary>
/// <remarks>Each report is written to a temporary file and moved into place, so a reader never sees half of one. Thread-safe.</remarks>
/// <param name="root">The folder holding one sub-folder per run (<c>&lt;data&gt;/runs</c>).</param>
public sealed class GovernanceReportStore(string root)
{
    /// <summary>The report's file name in its run's folder.</summary>
    public const string FileName = "governance.json";

    /// <summary>The folder holding one sub-folder per run.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Where the report of run <paramref name="runId"/> is (or would be) kept.</summary>
    public string PathOf(long runId) => Path.Combine(Root, runId.ToString(CultureInfo.InvariantCulture), FileName);

    /// <summary>Writes the report of run <paramref name="runId"/>, replacing an earlier one.</summary>
    /// <exception cref="HunyuException">The file cannot be written (<c>store_unavailable</c>).</exception>
    public async Task SaveAsync(long runId, GovernanceReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var path = PathOf(runId);
        var temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                // Streamed entry by entry: a report of millions of entries never becomes one string.
                await report.WriteJsonAsync(file, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: cannot write the governance report ({e.Message})", e);
        }
    }

    /// <summary>The report of run <paramref name="runId"/>, or null when none was kept (a run from before governance, or one that did not finish).</summary>
    /// <exception cref="HunyuException">The file exists but cannot be read (<c>store_unavailable</c>) or is not a report (<c>corrupt_input</c>).</exception>
    public async Task<GovernanceReport?> LoadAsync(long runId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(runId);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: cannot read the governance report ({e.Message})", e);
        }

        await using (file)
        {
            try
            {
                // Streamed: long lists spill to temporary files as they are read instead of filling memory.
                return await GovernanceReport.ReadJsonAsync(file, cancellationToken);
            }
            catch (JsonException e)
            {
                throw new HunyuException(ErrorCode.CorruptInput, $"{path}: not a governance report ({e.Message})", e);
            }
            catch (IOException e)
            {
                throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: cannot read the governance report ({e.Message})", e);
            }
        }
    }
}
