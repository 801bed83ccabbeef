namespace Hunyu.Search.Tests.Vectors;

/// <summary>Seeded English sentences from templates: many near neighbours, a hard case for int8 rounding.</summary>
internal static class TemplateSentences
{
    private static readonly string[] Subjects =
    [
        "the manager", "a new employee", "the finance team", "our auditor", "the security officer", "a contractor", "the board",
        "the help desk", "a customer", "the legal department", "the warehouse crew", "an intern", "the sales lead", "the CEO",
        "a nurse", "the teacher", "a software engineer", "the landlord", "the tenant", "a supplier",
    ];

    private static readonly string[] Verbs =
    [
        "approved", "rejected", "reviewed", "submitted", "signed", "lost", "updated", "archived", "requested", "cancelled",
        "printed", "shared", "questioned", "translated", "paid", "delayed", "forgot", "encrypted", "summarised", "renewed",
    ];

    private static readonly string[] Objects =
    [
        "the travel expense report", "a vacation request", "the quarterly budget", "the server password", "a purchase order",
        "the employment contract", "the safety checklist", "a parking permit", "the annual leave policy", "the invoice",
        "a laptop replacement", "the training schedule", "the rental agreement", "the insurance claim", "a sick note",
        "the product roadmap", "the visitor badge", "the overtime sheet", "the data retention rule", "a meeting room booking",
    ];

    private static readonly string[] Endings =
    [
        "yesterday", "before the deadline", "without telling anyone", "after the audit", "in the shared drive", "by email",
        "during the holidays", "for the second time", "on Friday afternoon", "at the head office",
    ];

    public static List<string> Generate(Random random, int count) =>
        Enumerable.Range(0, count)
            .Select(_ => $"{Pick(random, Subjects)} {Pick(random, Verbs)} {Pick(random, Objects)} {Pick(random, Endings)}.")
            .ToList();

    private static string Pick(Random random, string[] words) => words[random.Next(words.Length)];
}
