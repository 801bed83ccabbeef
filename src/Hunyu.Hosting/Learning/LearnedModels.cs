using System.Collections.Concurrent;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Search.Learning;

namespace Hunyu.Hosting.Learning;

/// <summary>
/// The learned query-expansion models attached to domains (<c>hunyu learn --attach</c>): one file per domain in
/// <c>&lt;data&gt;/learned/&lt;domain&gt;/</c>, loaded on first use and searched with for that domain only.
/// </summary>
/// <remarks>Thread-safe.</remarks>
/// <param name="dataDirectory">The knowledge base's data directory.</param>
public sealed class LearnedModels(string dataDirectory)
{
    private readonly ConcurrentDictionary<string, Lazy<ExpansionModel?>> _models = new(StringComparer.Ordinal);

    /// <summary>The model attached to <paramref name="domain"/>, or null.</summary>
    /// <remarks>A model file that no longer loads is treated as absent, so search goes on without it.</remarks>
    public ExpansionModel? Of(string domain) => _models.GetOrAdd(domain, name => new Lazy<ExpansionModel?>(() => Load(name))).Value;

    /// <summary>Copies the model at <paramref name="modelPath"/> (a file or a folder from <c>hunyu learn</c>) to <paramref name="domain"/> and uses it from now on.</summary>
    /// <exception cref="HunyuException">The domain name is invalid (<c>invalid_argument</c>) or the model cannot be read (<c>path_not_found</c>, <c>corrupt_input</c>).</exception>
    public ExpansionModel Attach(string domain, string modelPath)
    {
        Domain.EnsureValidName(domain);

        // Loading first checks the file before anything is replaced.
        var model = ExpansionModel.Load(modelPath);
        var target = FileOf(domain);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        model.Save(target);
        _models[domain] = new Lazy<ExpansionModel?>(model);
        return model;
    }

    /// <summary>Stops expanding <paramref name="domain"/>'s questions; false when no model was attached.</summary>
    public bool Detach(string domain)
    {
        var file = FileOf(domain);
        _models[domain] = new Lazy<ExpansionModel?>((ExpansionModel?)null);
        if (!File.Exists(file))
        {
            return false;
        }

        File.Delete(file);
        return true;
    }

    private ExpansionModel? Load(string domain)
    {
        var file = FileOf(domain);
        if (!Domain.IsValidName(domain) || !File.Exists(file))
        {
            return null;
        }

        try
        {
            return ExpansionModel.Load(file);
        }
        catch (HunyuException)
        {
            return null;
        }
    }

    private string FileOf(string domain) => Path.Combine(dataDirectory, "learned", domain, ExpansionModel.DefaultFileName);
}
