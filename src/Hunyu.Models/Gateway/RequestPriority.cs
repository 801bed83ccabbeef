namespace Hunyu.Models.Gateway;

/// <summary>How urgently a model request is served; the scheduler always serves a lower value first.</summary>
public enum RequestPriority
{
    /// <summary>A person is waiting (a question, a chat turn).</summary>
    Interactive = 0,

    /// <summary>Background work (QA generation for exports, evaluation): waits while interactive requests queue.</summary>
    Batch = 1,
}
