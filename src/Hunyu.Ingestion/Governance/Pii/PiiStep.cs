using System.Globalization;
using System.Text.Json;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>
/// <c>pii</c>: finds personal data in every block and applies the policy: masks it in place (same length, so every offset
/// stays valid), withholds the chunks around values whose policy is to drop them, and flags the document as sensitive
/// (metadata <see cref="SensitiveKey"/> and <see cref="TypesKey"/>) for access control and model routing.
/// </summary>
/// <remarks>Thread-safe: the step holds no state. Values are never written anywhere but the masked text.</remarks>
/// <param name="detector">What to look for.</param>
/// <param name="policy">What to do with each kind.</param>
public sealed class PiiStep(PiiDetector detector, PiiPolicy policy) : IGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "pii";

    /// <summary>Metadata set to <c>true</c> on a document whose policy flags it.</summary>
    public const string SensitiveKey = "sensitive";

    /// <summary>Metadata listing the personal data types found (snake_case, comma-separated).</summary>
    public const string TypesKey = "pii_types";

    /// <summary>The step with the default detector and policy.</summary>
    public static PiiStep Default { get; } = new(PiiDetector.Default, PiiPolicy.Default);

    /// <inheritdoc/>
    public string Name => StepName;

    /// <summary>The report name of a type, e.g. <c>resident_id</c>.</summary>
    public static string TypeName(PiiType type) => JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var blocks = document.Blocks;
        List<TextBlock>? changed = null;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        int masked = 0, withheld = 0;
        var flag = false;
        var offset = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            var text = blocks[i].Text ?? string.Empty;
            var matches = detector.Find(text);
            if (matches.Count > 0)
            {
                foreach (var match in matches)
                {
                    document.AddPii(TypeName(match.Type), offset + match.Start, offset + match.End);
                    found.Add(TypeName(match.Type));
                    if (policy.ActionFor(match) == PiiAction.DropChunk)
                    {
                        document.Withhold(offset + match.Start, offset + match.End, $"pii:{TypeName(match.Type)}");
                        withheld++;
                    }
                }

                var result = PiiMasker.Apply(text, matches, policy);
                flag |= result.FlagDocument;
                if (result.Masked > 0)
                {
                    masked += result.Masked;
                    changed ??= [.. blocks];
                    changed[i] = blocks[i] with { Text = result.Text };
                }
            }

            // Text joins the blocks with "\n": offsets of the next block start after it.
            offset += text.Length + 1;
        }

        if (found.Count == 0)
        {
            return StepResult.Unchanged;
        }

        if (changed is not null)
        {
            document.Blocks = changed;
        }

        document.SetMetadata(TypesKey, string.Join(',', found));
        if (flag)
        {
            document.SetMetadata(SensitiveKey, "true");
        }

        return StepResult.Changed(string.Create(CultureInfo.InvariantCulture, $"found {string.Join(", ", found)}; masked {masked}, withheld {withheld}{(flag ? ", flagged sensitive" : string.Empty)}"));
    }
}
