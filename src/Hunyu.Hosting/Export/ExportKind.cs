namespace Hunyu.Hosting.Export;

/// <summary>What <c>hunyu export</c> writes.</summary>
public enum ExportKind
{
    /// <summary>Pretraining JSON Lines: one object per document with its whole governed text.</summary>
    Pretrain,

    /// <summary>Instruction (SFT) JSON Lines: question/answer pairs mined from FAQ-style documents.</summary>
    Sft,

    /// <summary>A BEIR evaluation set: corpus.jsonl, queries.jsonl and qrels.tsv.</summary>
    Beir,
}
