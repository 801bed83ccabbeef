using System.Runtime.CompilerServices;

// The learner's BM25 arithmetic (TrainingCorpus) is internal; its tests compare it with Lucene's own scores.
[assembly: InternalsVisibleTo("Hunyu.Search.Tests")]
