namespace Hunyu.Ingestion.Parsing;

/// <summary>Text decoded from bytes by <see cref="TextDecoder"/>, with the encoding that was used.</summary>
/// <param name="Text">The decoded text, without a byte order mark.</param>
/// <param name="EncodingName">The encoding's lower-case name: <c>utf-8</c>, <c>utf-16le</c>, <c>gb18030</c>, <c>big5</c>, …</param>
/// <param name="HasInvalidBytes">True when some bytes were not valid in that encoding and were replaced with U+FFFD.</param>
public sealed record DecodedText(string Text, string EncodingName, bool HasInvalidBytes);
