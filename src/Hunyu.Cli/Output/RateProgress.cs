using System.Globalization;

namespace Hunyu.Cli.Output;

/// <summary>Prints "VERB N documents · X MB · Y MB/s" on one line of standard error, at most twice a second, after the first second.</summary>
/// <param name="error">Standard error.</param>
/// <param name="verb">What is done to the documents ("cleaned", "exported").</param>
public sealed class RateProgress(TextWriter error, string verb)
{
    private TimeSpan _last = TimeSpan.FromSeconds(1);
    private bool _written;

    /// <summary>Shows the counts when half a second has passed since the last line.</summary>
    public void Report(int documents, long bytes, TimeSpan elapsed)
    {
        if (elapsed - _last < TimeSpan.FromMilliseconds(500))
        {
            return;
        }

        _last = elapsed;
        _written = true;
        var megabytes = bytes / 1048576.0;
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{verb} {documents:N0} documents · {megabytes:F1} MB · {megabytes / elapsed.TotalSeconds:F1} MB/s          "));
    }

    /// <summary>Ends the progress line, if one was written.</summary>
    public void EndLine()
    {
        if (_written)
        {
            error.WriteLine();
        }
    }
}
