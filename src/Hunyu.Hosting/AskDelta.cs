namespace Hunyu.Hosting;

/// <summary>A piece of a streamed answer: checked text as it completes, then the final result.</summary>
/// <param name="Text">Text to append to what came before; empty in the final delta.</param>
/// <param name="Final">Set on the last delta only: the whole answer with its citations, search and model decision.</param>
public sealed record AskDelta(string Text, AskResult? Final);
