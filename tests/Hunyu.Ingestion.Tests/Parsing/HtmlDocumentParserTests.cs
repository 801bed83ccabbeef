using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class HtmlDocumentParserTests
{
    private readonly HtmlDocumentParser _parser = new();

    [Fact]
    public void Parse_PageWithNavAndFooter_KeepsOnlyMainContent()
    {
        using var stream = Fixtures.Open("travel-policy-gb2312.html");

        var document = Assert.Single(_parser.Parse(stream, "travel-policy-gb2312.html"));

        var all = string.Join("\n", document.Blocks.Select(block => block.Text));
        foreach (var boilerplate in new[] { "新闻中心", "人力资源", "首页", "面包屑", "公司内网首页", "版权所有", "会议室预订", "不应出现的脚本文字", "color" })
        {
            Assert.DoesNotContain(boilerplate, all, StringComparison.Ordinal);
        }

        Assert.Equal(
            [
                new TextBlock(BlockKind.Heading, "差旅费报销办法", 1),
                new TextBlock(BlockKind.Paragraph, "为规范公司差旅费管理，特制定本办法。"),
                new TextBlock(BlockKind.Heading, "一、适用范围", 2),
                new TextBlock(BlockKind.Paragraph, "本办法适用于公司全体员工因公出差。"),
                new TextBlock(BlockKind.Heading, "二、住宿标准", 2),
                new TextBlock(BlockKind.ListItem, "一线城市每晚不超过六百元；"),
                new TextBlock(BlockKind.ListItem, "其他城市每晚不超过四百元。"),
                new TextBlock(BlockKind.TableRow, "职级 | 交通工具"),
                new TextBlock(BlockKind.TableRow, "总监及以上 | 飞机经济舱"),
                new TextBlock(BlockKind.Paragraph, "出差结束后十日内提交报销单。"),
                new TextBlock(BlockKind.Code, "报销单编号格式：TR-年份-序号"),
            ],
            document.Blocks);
    }

    [Fact]
    public void Parse_MetaCharsetGb2312_DecodesAndTakesTitle()
    {
        using var stream = Fixtures.Open("travel-policy-gb2312.html");

        var document = Assert.Single(_parser.Parse(stream, "travel-policy-gb2312.html"));

        Assert.Equal("差旅费报销办法 - 行政中心", document.Title);
        Assert.Equal("gb18030", document.Metadata["encoding"]);
        Assert.Equal("zh-CN", document.Metadata["lang"]);
    }

    [Fact]
    public void Parse_Utf8BytesDespiteGbkDeclaration_TrustsTheBytes()
    {
        const string html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head><body><p>实际是 UTF-8 编码。</p></body></html>";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(html));

        var document = Assert.Single(_parser.Parse(stream, "a.htm"));

        Assert.Equal("实际是 UTF-8 编码。", Assert.Single(document.Blocks).Text);
        Assert.Equal("utf-8", document.Metadata["encoding"]);
    }

    [Fact]
    public void Parse_NoMainAndNoTitle_UsesBodyAndFirstH1()
    {
        const string html = """
            <body>
              <nav>导航</nav>
              <div class="content">
                <h1>年度总结</h1>
                <div>直接写在 div 里的文字<span>，以及行内元素</span>。<div>嵌套的块。</div></div>
                <article><header><h2>文章标题</h2></header><p>第一篇。</p></article>
                <article><p>第二篇。</p></article>
              </div>
              <footer>页脚</footer>
            </body>
            """;
        using var stream = Fixtures.Utf8(html);

        var document = Assert.Single(_parser.Parse(stream, "summary.html"));

        Assert.Equal("年度总结", document.Title);
        Assert.Equal(
            ["年度总结", "直接写在 div 里的文字，以及行内元素。", "嵌套的块。", "文章标题", "第一篇。", "第二篇。"],
            document.Blocks.Select(block => block.Text));
        Assert.Equal(2, document.Blocks[3].HeadingLevel);
    }

    [Fact]
    public void Parse_OnlyNavigation_ThrowsEmptyInput()
    {
        using var stream = Fixtures.Utf8("<html><body><nav><a href='/'>首页</a></nav><script>x()</script></body></html>");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "nav.html").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.Equal("nav.html: contains no text", ex.Message);
    }
}
