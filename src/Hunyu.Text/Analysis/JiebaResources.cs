using JiebaNet.Segmenter;

namespace Hunyu.Text.Analysis;

/// <summary>Points jieba.NET at the dictionaries copied next to the binaries (see Hunyu.Text.csproj).</summary>
public static class JiebaResources
{
    private static readonly Lock Gate = new();
    private static bool _configured;

    /// <summary>The folder holding jieba's dictionaries.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Resources");

    /// <summary>Creates a segmenter, configuring jieba's resource folder on first use.</summary>
    /// <exception cref="FileNotFoundException">The dictionaries are missing from the output folder.</exception>
    public static JiebaSegmenter CreateSegmenter()
    {
        lock (Gate)
        {
            if (!_configured)
            {
                var dictionary = Path.Combine(Directory, "dict.txt");
                if (!File.Exists(dictionary))
                {
                    throw new FileNotFoundException($"{dictionary}: jieba dictionary missing; it ships with the jieba.NET package and is copied by Hunyu.Text.csproj", dictionary);
                }

                // COMPAT: jieba.NET reads this static once, when its dictionary singleton first loads.
                ConfigManager.ConfigFileBaseDir = Directory;
                _configured = true;
            }

            return new JiebaSegmenter();
        }
    }
}
