using System.Diagnostics;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Hunyu.Ingestion.Tests.Parsing;

/// <summary>Builds small PDFs with PdfPig's writer: ASCII text in Helvetica, Chinese text in a CJK TrueType font found on the machine.</summary>
internal static class PdfFixtures
{
    /// <summary>Environment variable naming a CJK .ttf to use instead of searching with fc-list.</summary>
    public const string CjkFontVariable = "HUNYU_TEST_CJK_FONT";

    private static readonly Lazy<byte[]?> CjkFont = new(FindCjkFont);

    /// <summary>One page per entry; each page holds paragraphs, each paragraph lines 14 pt apart, paragraphs 40 pt apart.</summary>
    public static byte[] Build(string? title, params string[][][] pages) => Build(title, cjk: false, pages);

    /// <summary>Like <see cref="Build(string?, string[][][])"/> with a CJK font; null when the machine has none PdfPig can embed.</summary>
    public static byte[]? BuildChinese(string? title, params string[][][] pages) => CjkFont.Value is null ? null : Build(title, cjk: true, pages);

    public static string CjkFontUnavailableReason =>
        $"no CJK TrueType (.ttf) font that PdfPig can embed was found (fc-list :lang=zh); install e.g. fonts-arphic-gbsn00lp or set {CjkFontVariable}";

    private static byte[] Build(string? title, bool cjk, string[][][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = cjk ? builder.AddTrueTypeFont(CjkFont.Value!) : builder.AddStandard14Font(Standard14Font.Helvetica);
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        foreach (var paragraphs in pages)
        {
            var page = builder.AddPage(595, 842);
            var y = 780.0;
            foreach (var lines in paragraphs)
            {
                foreach (var line in lines)
                {
                    page.AddText(line, 12, new PdfPoint(50, y), font);
                    y -= 14;
                }

                y -= 26;
            }
        }

        return builder.Build();
    }

    private static byte[]? FindCjkFont()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(CjkFontVariable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.AddRange(FontConfigCjkFiles());
        foreach (var path in candidates.Where(path => path.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) && File.Exists(path)))
        {
            try
            {
                // PdfPig's subsetter cannot handle every font (DroidSansFallbackFull fails): keep the first that works.
                var bytes = File.ReadAllBytes(path);
                var builder = new PdfDocumentBuilder();
                var font = builder.AddTrueTypeFont(bytes);
                builder.AddPage(200, 200).AddText("测试中文", 12, new PdfPoint(10, 100), font);
                builder.Build();
                return bytes;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException or IOException)
            {
            }
        }

        return null;
    }

    private static List<string> FontConfigCjkFiles()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("fc-list", ":lang=zh file") { RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return [];
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(':')[0].Trim()).Order(StringComparer.Ordinal)];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
