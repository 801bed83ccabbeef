using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class WordDocumentParserTests
{
    private readonly WordDocumentParser _parser = new();

    [Fact]
    public void Parse_Handbook_MapsHeadingsListsAndTables()
    {
        using var stream = new MemoryStream(OfficeFixtures.Handbook());

        var document = Assert.Single(_parser.Parse(stream, "handbook.docx"));

        Assert.Equal(
            [
                new TextBlock(BlockKind.Heading, "员工手册（2024 版）", 1),
                new TextBlock(BlockKind.Heading, "第一章 总则", 1),
                new TextBlock(BlockKind.Paragraph, "为规范公司管理，制定本手册。"),
                new TextBlock(BlockKind.Heading, "第一节 适用范围", 2),
                new TextBlock(BlockKind.ListItem, "全职员工"),
                new TextBlock(BlockKind.ListItem, "实习生"),
                new TextBlock(BlockKind.Heading, "附则说明", 3),
                new TextBlock(BlockKind.TableRow, "假期类型 | 天数"),
                new TextBlock(BlockKind.TableRow, "年假 | 5"),
                new TextBlock(BlockKind.TableRow, "婚假 | 3"),
            ],
            document.Blocks);
        Assert.Equal("员工手册", document.Title);
        Assert.Equal("人事部", document.Metadata["author"]);
    }

    [Fact]
    public void Parse_NoCoreTitle_UsesTitleStyleParagraph()
    {
        using var stream = new MemoryStream(OfficeFixtures.Handbook(coreTitle: null));

        var document = Assert.Single(_parser.Parse(stream, "handbook.docx"));

        Assert.Equal("员工手册（2024 版）", document.Title);
    }

    [Fact]
    public void Parse_BrokenZip_ThrowsCorruptInputNamingFile()
    {
        using var stream = Fixtures.Open("broken.docx");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "broken.docx").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("broken.docx: not a valid .docx file (broken zip: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordProtectedOrLegacyFile_ThrowsCorruptInputSayingWhy()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0x00, 0x00, 0x3E, 0x00, 0x03, 0x00, 0xFE, 0xFF];
        using var stream = new MemoryStream(ole);

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "protected.docx").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.Equal("protected.docx: not a valid .docx file: it is password-protected or in the old binary format (an OLE compound file, not a zip)", ex.Message);
    }

    [Fact]
    public void Parse_ZipThatIsNotWord_ThrowsCorruptInput()
    {
        using var stream = new MemoryStream(OfficeFixtures.PlainZip());

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "archive.docx").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("archive.docx: not a readable .docx file: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PartLargerThanLimit_ThrowsTooLargeBeforeInflating()
    {
        var parser = new WordDocumentParser(maxPartBytes: 1024 * 1024);
        using var stream = new MemoryStream(OfficeFixtures.WithLargePart(OfficeFixtures.Handbook(), 3 * 1024 * 1024));

        var ex = Assert.Throws<HunyuException>(() => parser.Parse(stream, "bomb.docx").ToList());

        Assert.Equal(ErrorCode.TooLarge, ex.Error);
        Assert.Equal("bomb.docx: part word/media/bomb.bin is 3 MB uncompressed; limit is 1 MB (IngestionLimits.MaxOfficeUncompressedBytes)", ex.Message);
    }

    [Fact]
    public void Parse_DocumentWithoutText_ThrowsEmptyInput()
    {
        using var stream = new MemoryStream(OfficeFixtures.Word(null, body => body.Append(new DocumentFormat.OpenXml.Wordprocessing.Paragraph())));

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "blank.docx").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.Equal("blank.docx: contains no text", ex.Message);
    }

    [Fact]
    public void Parse_EmptyFile_ThrowsEmptyInput()
    {
        using var stream = new MemoryStream();

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "zero.docx").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
    }
}

public sealed class SpreadsheetParserTests
{
    private readonly SpreadsheetParser _parser = new();

    [Fact]
    public void Parse_Workbook_GivesSheetHeadingsAndRows()
    {
        using var stream = new MemoryStream(OfficeFixtures.Workbook());

        var document = Assert.Single(_parser.Parse(stream, "people.xlsx"));

        Assert.Equal(
            [
                new TextBlock(BlockKind.Heading, "员工名单", 1),
                new TextBlock(BlockKind.TableRow, "姓名 | 部门 | 在职"),
                new TextBlock(BlockKind.TableRow, "张三 | 研发中心 | TRUE"),
                new TextBlock(BlockKind.TableRow, "李四 |  | 42.5"),
                new TextBlock(BlockKind.Heading, "预算", 1),
                new TextBlock(BlockKind.TableRow, " | 差旅费 | 12000"),
            ],
            document.Blocks);
        Assert.Equal("人员与预算", document.Title);
        Assert.Equal("3", document.Metadata["sheets"]);
    }

    [Fact]
    public void Parse_BrokenZip_ThrowsCorruptInput()
    {
        using var stream = Fixtures.Open("broken.docx");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "broken.xlsx").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("broken.xlsx: ", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class PresentationParserTests
{
    private readonly PresentationParser _parser = new();

    [Fact]
    public void Parse_Deck_GivesSlideTitlesParagraphsTablesAndNotesWithSlideNumbers()
    {
        using var stream = new MemoryStream(OfficeFixtures.Deck());

        var document = Assert.Single(_parser.Parse(stream, "training.pptx"));

        Assert.Equal(
            [
                new TextBlock(BlockKind.Heading, "季度安全培训", 1, 1),
                new TextBlock(BlockKind.Paragraph, "消防通道保持畅通", Page: 1),
                new TextBlock(BlockKind.Paragraph, "每月演练一次", Page: 1),
                new TextBlock(BlockKind.Paragraph, "讲解时强调安全第一。", Page: 1),
                new TextBlock(BlockKind.Heading, "检查结果", 1, 2),
                new TextBlock(BlockKind.Paragraph, "分组里的文字", Page: 2),
                new TextBlock(BlockKind.TableRow, "区域 | 问题数", Page: 2),
                new TextBlock(BlockKind.TableRow, "一号楼 | 2", Page: 2),
            ],
            document.Blocks);
        Assert.Equal("季度安全培训", document.Title);
        Assert.Equal("2", document.Metadata["slides"]);
    }

    [Fact]
    public void Parse_PartLargerThanLimit_ThrowsTooLarge()
    {
        var parser = new PresentationParser(maxPartBytes: 1024 * 1024);
        using var stream = new MemoryStream(OfficeFixtures.WithLargePart(OfficeFixtures.Deck(), 2 * 1024 * 1024));

        var ex = Assert.Throws<HunyuException>(() => parser.Parse(stream, "deck.pptx").ToList());

        Assert.Equal(ErrorCode.TooLarge, ex.Error);
        Assert.StartsWith("deck.pptx: part ", ex.Message, StringComparison.Ordinal);
    }
}
