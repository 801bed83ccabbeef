using Hunyu.Core.Errors;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Hunyu.Models.Gateway;

/// <summary>Loads a local GGUF model with LLamaSharp (llama.cpp on the CPU) as an <see cref="IChatClient"/>.</summary>
/// <remarks>
/// The file is checked before llama.cpp sees it, so a wrong path or a file that is not GGUF gives a one-line error
/// naming the setting instead of a native failure. The host must ship a LLamaSharp backend package
/// (<c>LLamaSharp.Backend.Cpu</c>); without it loading fails with <c>model_unavailable</c> saying so. Which prompt
/// format the model got (its chat template or the plain one, and why) is logged once, at load.
/// </remarks>
internal static partial class GgufChatClientFactory
{
    /// <summary>The four bytes every GGUF file starts with.</summary>
    private static ReadOnlySpan<byte> Magic => "GGUF"u8;

    /// <exception cref="HunyuException"><c>path_not_found</c>, <c>corrupt_input</c> (not GGUF) or <c>model_unavailable</c> (llama.cpp refused it).</exception>
    public static IChatClient Create(string name, ModelOptions options, ILogger logger)
    {
        var setting = $"{ModelOptions.Section}:{name}:{nameof(ModelOptions.ModelPath)}";
        var path = Path.GetFullPath(options.ModelPath!);
        if (!File.Exists(path))
        {
            throw new HunyuException(ErrorCode.PathNotFound, $"{path} does not exist ({setting}); give the path of a .gguf model file");
        }

        Span<byte> head = stackalloc byte[4];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (read < head.Length || !head.SequenceEqual(Magic))
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path} is not a GGUF model file: it does not start with the GGUF signature ({setting}); give a .gguf build of the model (llama.cpp's convert_hf_to_gguf.py makes one)");
        }

        LLamaWeights? weights = null;
        try
        {
            var parameters = new ModelParams(path) { ContextSize = (uint)options.ContextWindow, GpuLayerCount = 0 };
            weights = LLamaWeights.LoadFromFile(parameters);
            var client = GgufChatClient.Create(new StatelessExecutor(weights, parameters), weights);
            switch (client.Format)
            {
                case GgufPromptFormat.ChatTemplate:
                    LogChatTemplate(logger, name, path);
                    break;
                case GgufPromptFormat.PlainTemplateNotSupported:
                    LogTemplateNotSupported(logger, name, path);
                    break;
                default:
                    LogNoTemplate(logger, name, path);
                    break;
            }

            return client;
        }
        catch (Exception e) when (e is LoadWeightsFailedException or RuntimeError or DllNotFoundException or TypeInitializationException or BadImageFormatException or InvalidOperationException)
        {
            weights?.Dispose();
            throw new HunyuException(ErrorCode.ModelUnavailable, $"{path}: llama.cpp could not load the model ({setting}): {e.Message}", e);
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "GGUF model {Model} ({Path}) prompts with its chat template; answers end at its end-of-generation token")]
    private static partial void LogChatTemplate(ILogger logger, string model, string path);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "GGUF model {Model} ({Path}) prompts with the plain System:/User:/Assistant: format: the file has no chat template")]
    private static partial void LogNoTemplate(ILogger logger, string model, string path);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "GGUF model {Model} ({Path}) prompts with the plain System:/User:/Assistant: format: llama.cpp does not recognise the file's chat template")]
    private static partial void LogTemplateNotSupported(ILogger logger, string model, string path);
}
