using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Hunyu.Ingestion.Parsing;

/// <summary>
/// Reads HTML (.html, .htm) with AngleSharp, keeping the main content: navigation, banners, footers, asides, forms and
/// scripts are dropped, and <c>&lt;main&gt;</c>, <c>[role=main]</c> or a single <c>&lt;article&gt;</c> is preferred
/// to the whole body.
/// </summary>
/// <remarks>
/// Headings keep their levels; paragraphs, list items, <c>pre</c> and table rows become blocks, and text held directly
/// by a <c>div</c> (or any other container) becomes a paragraph. <c>header</c> and <c>footer</c> inside an article or
/// main element are kept: there they hold the article's own title and byline, not the site's. The title is
/// <c>&lt;title&gt;</c>, else the first <c>h1</c>, else the file name. Bytes that are not UTF-8 are decoded with the
/// page's <c>&lt;meta charset&gt;</c> when valid in it, else by detection (<see cref="TextDecoder"/>). Thread-safe.
/// </remarks>
public sealed partial class HtmlDocumentParser : IDocumentParser
{
    // How far into the file a <meta charset> is looked for (the HTML spec's prescan looks at 1,024 bytes; pages in the
    // wild put it later, after long comments or scripts).
    private const int CharsetScanBytes = 4096;

    private const string AlwaysDropped =
        "script, style, noscript, template, nav, aside, form, iframe, svg, canvas, object, embed, dialog, "
        + "[role=navigation], [role=banner], [role=contentinfo], [role=search], [role=complementary], [hidden], [aria-hidden=true]";

    private static readonly FrozenSet<string> InlineTags = FrozenSet.ToFrozenSet(
    [
        "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins", "kbd",
        "label", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time",
        "tt", "u", "var", "wbr", "big", "nobr", "abbr", "output", "meter", "progress", "select", "option", "textarea", "input", "button",
    ], StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> IgnoredTags = FrozenSet.ToFrozenSet(
        ["img", "input", "select", "option", "textarea", "button", "hr", "meta", "link", "video", "audio", "picture", "source", "map", "area"],
        StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".html", ".htm"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var decoded = TextDecoder.Decode(bytes, fileName, TextDecoder.GetEncoding(DeclaredCharset(bytes)));

        var document = new HtmlParser().ParseDocument(decoded.Text);
        var pageTitle = InlineText.Collapse(document.Title ?? string.Empty);
        var metadata = PlainTextParser.Metadata("html", decoded);
        if (document.DocumentElement.GetAttribute("lang") is { Length: > 0 } lang)
        {
            metadata["lang"] = lang;
        }

        if (document.QuerySelector("meta[name=description]")?.GetAttribute("content") is { Length: > 0 } description)
        {
            metadata["description"] = InlineText.Collapse(description);
        }

        var root = MainContent(document);
        var blocks = new BlockCollector();
        if (root is not null)
        {
            Walk(root, BlockKind.Paragraph, blocks);
        }

        var result = blocks.RequireText(fileName);
        var title = pageTitle.Length > 0 ? pageTitle : blocks.FirstHeading() ?? Path.GetFileName(fileName);
        return [new ParsedDocument(null, title, result, metadata)];
    }

    private static IElement? MainContent(IHtmlDocument document)
    {
        foreach (var element in document.QuerySelectorAll(AlwaysDropped).ToList())
        {
            element.Remove();
        }

        foreach (var element in document.QuerySelectorAll("header, footer").ToList())
        {
            if (element.Closest("article, main, [role=main]") is null)
            {
                element.Remove();
            }
        }

        var main = document.QuerySelector("main, [role=main]");
        if (main is not null)
        {
            return main;
        }

        var articles = document.QuerySelectorAll("article");
        return articles.Length == 1 ? articles[0] : document.Body;
    }

    // Text and inline elements accumulate into one block of kind textKind; a block-level child ends it.
    private static void Walk(IElement container, BlockKind textKind, BlockCollector blocks)
    {
        var run = new StringBuilder();
        foreach (var node in container.ChildNodes)
        {
            if (node is IText text)
            {
                run.Append(text.Data);
                continue;
            }

            if (node is not IElement element || IgnoredTags.Contains(element.LocalName))
            {
                continue;
            }

            if (InlineTags.Contains(element.LocalName) && !HasBlockChild(element))
            {
                AppendInline(element, run);
                continue;
            }

            blocks.Add(textKind, InlineText.Collapse(run.ToString()));
            run.Clear();
            VisitBlock(element, textKind, blocks);
        }

        blocks.Add(textKind, InlineText.Collapse(run.ToString()));
    }

    private static void VisitBlock(IElement element, BlockKind textKind, BlockCollector blocks)
    {
        switch (element.LocalName)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                blocks.Add(BlockKind.Heading, InlineTextOf(element), element.LocalName[1] - '0');
                break;
            case "p":
                blocks.Add(textKind, InlineTextOf(element));
                break;
            case "pre":
                blocks.Add(BlockKind.Code, element.TextContent);
                break;
            case "table" when element is IHtmlTableElement table:
                if (table.Caption is { } caption)
                {
                    blocks.Add(BlockKind.Paragraph, InlineTextOf(caption));
                }

                foreach (var row in table.Rows)
                {
                    blocks.Add(BlockKind.TableRow, string.Join(" | ", row.Cells.Select(InlineTextOf)));
                }

                break;
            case "li" or "ul" or "ol" or "menu":
                Walk(element, BlockKind.ListItem, blocks);
                break;
            default:
                Walk(element, textKind, blocks);
                break;
        }
    }

    private static bool HasBlockChild(IElement element) =>
        element.Descendants<IElement>().Any(child => !InlineTags.Contains(child.LocalName) && !IgnoredTags.Contains(child.LocalName));

    private static void AppendInline(IElement element, StringBuilder run)
    {
        if (element.LocalName == "br")
        {
            run.Append('\n');
            return;
        }

        if (IgnoredTags.Contains(element.LocalName) || element.LocalName is "rp" or "rt")
        {
            return;
        }

        foreach (var node in element.ChildNodes)
        {
            if (node is IText text)
            {
                run.Append(text.Data);
            }
            else if (node is IElement child)
            {
                AppendInline(child, run);
            }
        }
    }

    // The text of an element whose children are (mostly) inline; block children are separated by a space.
    private static string InlineTextOf(IElement element)
    {
        var run = new StringBuilder();
        foreach (var node in element.ChildNodes)
        {
            if (node is IText text)
            {
                run.Append(text.Data);
            }
            else if (node is IElement child && InlineTags.Contains(child.LocalName))
            {
                AppendInline(child, run);
            }
            else if (node is IElement block && !IgnoredTags.Contains(block.LocalName))
            {
                run.Append(' ').Append(InlineTextOf(block)).Append(' ');
            }
        }

        return InlineText.Collapse(run.ToString());
    }

    private static string? DeclaredCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, CharsetScanBytes)]);
        var match = MetaCharset().Match(head);
        return match.Success ? match.Groups["charset"].Value : null;
    }

    [GeneratedRegex("""<meta\b[^>]*?charset\s*=\s*["']?\s*(?<charset>[A-Za-z0-9_.:\-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
