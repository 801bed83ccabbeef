using System.Text;
using AngleSharp.Html.Parser;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Reads Markdown (.md, .markdown) through the Markdig syntax tree: headings with levels, paragraphs, list items, code blocks and table rows.</summary>
/// <remarks>
/// The title is the YAML front matter's <c>title:</c>, else the first level-1 heading, else the file name; the rest of
/// the front matter is skipped. Raw HTML blocks contribute their visible text. Thread-safe.
/// </remarks>
public sealed class MarkdownParser : IDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .Build();

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    /// <inheritdoc/>
    public IEnumerable<ParsedDocument> Parse(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var decoded = TextDecoder.Decode(content, fileName);
        var document = Markdown.Parse(decoded.Text, Pipeline);
        var blocks = new BlockCollector();
        string? frontMatterTitle = null;
        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock frontMatter)
            {
                frontMatterTitle ??= FrontMatterTitle(frontMatter);
                continue;
            }

            Visit(block, blocks, inList: false);
        }

        var result = blocks.RequireText(fileName);
        var title = frontMatterTitle ?? blocks.FirstHeading() ?? Path.GetFileName(fileName);
        return [new ParsedDocument(null, title, result, PlainTextParser.Metadata("markdown", decoded))];
    }

    private static void Visit(Block block, BlockCollector blocks, bool inList)
    {
        switch (block)
        {
            case HeadingBlock heading:
                blocks.Add(BlockKind.Heading, InlineText.Collapse(TextOf(heading.Inline)), heading.Level);
                break;
            case ParagraphBlock paragraph:
                blocks.Add(inList ? BlockKind.ListItem : BlockKind.Paragraph, InlineText.Collapse(TextOf(paragraph.Inline)));
                break;
            case CodeBlock code:
                blocks.Add(BlockKind.Code, code.Lines.ToString());
                break;
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().Select(cell => InlineText.Collapse(string.Join(' ', cell.Select(LeafText))));
                    blocks.Add(BlockKind.TableRow, string.Join(" | ", cells));
                }

                break;
            case HtmlBlock html:
                blocks.Add(BlockKind.Paragraph, HtmlText(html.Lines.ToString()));
                break;
            case ListBlock list:
                foreach (var item in list)
                {
                    Visit(item, blocks, inList: true);
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Visit(child, blocks, inList);
                }

                break;
            default:
                // Thematic breaks, link reference definitions and blank lines carry no text.
                break;
        }
    }

    private static string LeafText(Block block) => block switch
    {
        LeafBlock { Inline: not null } leaf => TextOf(leaf.Inline),
        LeafBlock leaf => leaf.Lines.ToString(),
        ContainerBlock container => string.Join(' ', container.Select(LeafText)),
        _ => string.Empty,
    };

    private static string TextOf(ContainerInline? inline)
    {
        var builder = new StringBuilder();
        Append(inline, builder);
        return builder.ToString();

        static void Append(Inline? node, StringBuilder builder)
        {
            switch (node)
            {
                case null:
                    return;
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case HtmlEntityInline entity:
                    builder.Append(entity.Transcoded.AsSpan());
                    break;
                case AutolinkInline autolink:
                    builder.Append(autolink.Url);
                    break;
                case LineBreakInline:
                    builder.Append('\n');
                    break;
                case ContainerInline container:
                    foreach (var child in container)
                    {
                        Append(child, builder);
                    }

                    break;
                default:
                    // Inline HTML tags: their text, if any, arrives as the surrounding literals.
                    break;
            }
        }
    }

    private static string HtmlText(string html)
    {
        var fragment = new HtmlParser().ParseDocument("<body>" + html + "</body>");
        foreach (var hidden in fragment.QuerySelectorAll("script, style, noscript, template").ToList())
        {
            hidden.Remove();
        }

        return InlineText.Collapse(fragment.Body?.TextContent ?? string.Empty);
    }

    private static string? FrontMatterTitle(YamlFrontMatterBlock frontMatter)
    {
        var lines = frontMatter.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines.Lines[i].Slice.ToString();
            if (text.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                var value = text["title:".Length..].Trim().Trim('"', '\'').Trim();
                return value.Length > 0 ? value : null;
            }
        }

        return null;
    }
}
