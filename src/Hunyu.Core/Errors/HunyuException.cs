namespace Hunyu.Core.Errors;

/// <summary>An expected failure with a stable <see cref="ErrorCode"/> and a one-line message naming the input, the reason and any limit.</summary>
public sealed class HunyuException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HunyuException(ErrorCode error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>The error's code, HTTP status and exit code.</summary>
    public ErrorCode Error { get; }
}
