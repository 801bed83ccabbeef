namespace Hunyu.Models.Gateway;

/// <summary>How a local GGUF model's prompt is written, decided once when the model loads.</summary>
internal enum GgufPromptFormat
{
    /// <summary>The chat template stored in the file (<c>tokenizer.chat_template</c>), applied by llama.cpp.</summary>
    ChatTemplate,

    /// <summary>LLamaSharp's plain <c>System:</c>/<c>User:</c>/<c>Assistant:</c> text: the file has no chat template.</summary>
    PlainWithoutTemplate,

    /// <summary>The plain text: the file's chat template is one llama.cpp does not recognise, so cannot apply.</summary>
    PlainTemplateNotSupported,
}
