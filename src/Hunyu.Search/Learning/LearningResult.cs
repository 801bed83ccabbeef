namespace Hunyu.Search.Learning;

/// <summary>What <see cref="ExpansionLearner"/> learned and from what.</summary>
/// <param name="Model">The learned model.</param>
/// <param name="TrainingQueries">Judged questions used for training.</param>
/// <param name="HeldOutQueries">Judged questions held out of training.</param>
/// <param name="SkippedQueries">Training questions with no searchable term or no relevant document in the corpus.</param>
/// <param name="MissingDocuments">Relevance judgements naming a document that is not in <c>corpus.jsonl</c>.</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
public sealed record LearningResult(
    ExpansionModel Model,
    int TrainingQueries,
    int HeldOutQueries,
    int SkippedQueries,
    int MissingDocuments,
    TimeSpan Elapsed);
