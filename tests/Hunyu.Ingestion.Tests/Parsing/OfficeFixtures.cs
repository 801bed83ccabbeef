using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using Drawing = DocumentFormat.OpenXml.Drawing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Hunyu.Ingestion.Tests.Parsing;

/// <summary>Builds small Office packages in memory with the Open XML SDK, the way Chinese Word/Excel/PowerPoint write them.</summary>
internal static class OfficeFixtures
{
    /// <summary>A handbook: Chinese Word style ids ("1", "2" named "heading 1/2"), a numbered list, a table.</summary>
    public static byte[] Handbook(string? coreTitle = "员工手册")
    {
        return Word(
            coreTitle,
            body =>
            {
                body.Append(Paragraph("员工手册（2024 版）", style: "a5"));
                body.Append(Paragraph("第一章 总则", style: "1"));
                body.Append(Paragraph("为规范公司管理，制定本手册。"));
                body.Append(Paragraph("第一节 适用范围", style: "2"));
                body.Append(Paragraph("全职员工", numbered: true));
                body.Append(Paragraph("实习生", numbered: true));
                body.Append(Paragraph("附则说明", outlineLevel: 2));
                body.Append(new W.Table(
                    Row("假期类型", "天数"),
                    Row("年假", "5"),
                    Row("婚假", "3")));
                body.Append(Paragraph(string.Empty));
            },
            styles =>
            {
                styles.Append(Style("1", "heading 1"));
                styles.Append(Style("2", "heading 2"));
                styles.Append(Style("a5", "Title"));
            });
    }

    public static byte[] Word(string? coreTitle, Action<Body> fill, Action<Styles>? styles = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            fill(body);
            main.Document = new Document(body);
            if (styles is not null)
            {
                var part = main.AddNewPart<StyleDefinitionsPart>();
                part.Styles = new Styles();
                styles(part.Styles);
            }

            document.PackageProperties.Title = coreTitle;
            document.PackageProperties.Creator = "人事部";
        }

        return stream.ToArray();
    }

    public static byte[] Workbook()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook(new Sheets());
            var shared = workbookPart.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("姓名")),
                new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("部门")),
                new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("张三")),
                new SharedStringItem(
                    new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.Text("研发")),
                    new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.Text("中心"))));

            AddSheet(workbookPart, 1, "员工名单", new SheetData(
                new Row(SharedCell("A1", 0), SharedCell("B1", 1), InlineCell("C1", "在职")) { RowIndex = 1 },
                new Row(SharedCell("A2", 2), SharedCell("B2", 3), new Cell { CellReference = "C2", DataType = CellValues.Boolean, CellValue = new CellValue("1") }) { RowIndex = 2 },
                new Row() { RowIndex = 3 },
                new Row(InlineCell("A4", "李四"), new Cell { CellReference = "C4", CellValue = new CellValue("42.5") }) { RowIndex = 4 }));
            AddSheet(workbookPart, 2, "空表", new SheetData());
            AddSheet(workbookPart, 3, "预算", new SheetData(new Row(InlineCell("B1", "差旅费"), new Cell { CellReference = "C1", CellValue = new CellValue("12000") }) { RowIndex = 1 }));
            document.PackageProperties.Title = "人员与预算";
        }

        return stream.ToArray();
    }

    public static byte[] Deck()
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentationPart = document.AddPresentationPart();
            presentationPart.Presentation = new Presentation(new SlideIdList());
            AddSlide(presentationPart, 256, notes: "讲解时强调安全第一。", new ShapeTree(
                TextShape(PlaceholderValues.Title, "季度安全培训"),
                TextShape(PlaceholderValues.Body, "消防通道保持畅通", "每月演练一次"),
                TextShape(PlaceholderValues.SlideNumber, "1")));
            AddSlide(presentationPart, 257, notes: null, new ShapeTree(
                TextShape(PlaceholderValues.Title, "检查结果"),
                new GroupShape(TextShape(null, "分组里的文字")),
                TableFrame(["区域", "问题数"], ["一号楼", "2"])));
        }

        return stream.ToArray();
    }

    /// <summary>A valid package plus an extra part of <paramref name="bytes"/> zero bytes (highly compressible).</summary>
    public static byte[] WithLargePart(byte[] package, int bytes)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("word/media/bomb.bin", CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[bytes]);
        }

        return stream.ToArray();
    }

    /// <summary>A valid zip that is not an Office package.</summary>
    public static byte[] PlainZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open());
            writer.Write("不是 Office 文件");
        }

        return stream.ToArray();
    }

    private static W.Paragraph Paragraph(string text, string? style = null, bool numbered = false, int? outlineLevel = null)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.Append(new ParagraphStyleId { Val = style });
        }

        if (numbered)
        {
            properties.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
        }

        if (outlineLevel is not null)
        {
            properties.Append(new OutlineLevel { Val = outlineLevel });
        }

        return new W.Paragraph(properties, new W.Run(new W.Text(text)));
    }

    private static W.TableRow Row(params string[] cells) =>
        new(cells.Select(cell => new W.TableCell(new W.Paragraph(new W.Run(new W.Text(cell))))));

    private static W.Style Style(string id, string name) =>
        new(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };

    private static void AddSheet(WorkbookPart workbookPart, uint id, string name, SheetData data)
    {
        var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
        worksheetPart.Worksheet = new Worksheet(data);
        workbookPart.Workbook.Sheets!.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = id, Name = name });
    }

    private static Cell SharedCell(string reference, int index) =>
        new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index) };

    private static Cell InlineCell(string reference, string text) =>
        new(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text))) { CellReference = reference, DataType = CellValues.InlineString };

    private static void AddSlide(PresentationPart presentationPart, uint id, string? notes, ShapeTree tree)
    {
        var slidePart = presentationPart.AddNewPart<SlidePart>();
        slidePart.Slide = new Slide(new CommonSlideData(tree));
        if (notes is not null)
        {
            var notesPart = slidePart.AddNewPart<NotesSlidePart>();
            notesPart.NotesSlide = new NotesSlide(new CommonSlideData(new ShapeTree(
                TextShape(PlaceholderValues.SlideImage, string.Empty),
                TextShape(PlaceholderValues.Body, notes))));
        }

        presentationPart.Presentation.SlideIdList!.Append(new SlideId { Id = id, RelationshipId = presentationPart.GetIdOfPart(slidePart) });
    }

    private static Shape TextShape(PlaceholderValues? placeholder, params string[] paragraphs)
    {
        var application = new ApplicationNonVisualDrawingProperties();
        if (placeholder is not null)
        {
            application.Append(new PlaceholderShape { Type = placeholder });
        }

        return new Shape(
            new NonVisualShapeProperties(new NonVisualDrawingProperties { Id = 1, Name = "shape" }, new NonVisualShapeDrawingProperties(), application),
            new ShapeProperties(),
            new TextBody(
                new OpenXmlElement[] { new Drawing.BodyProperties(), new Drawing.ListStyle() }
                    .Concat(paragraphs.Select(text => new Drawing.Paragraph(new Drawing.Run(new Drawing.Text(text)))))));
    }

    private static GraphicFrame TableFrame(params string[][] rows)
    {
        var table = new Drawing.Table(rows.Select(cells =>
            new Drawing.TableRow(cells.Select(cell =>
                new Drawing.TableCell(new Drawing.TextBody(new Drawing.BodyProperties(), new Drawing.Paragraph(new Drawing.Run(new Drawing.Text(cell)))))))));
        var data = new Drawing.GraphicData(table) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" };
        return new GraphicFrame(
            new NonVisualGraphicFrameProperties(new NonVisualDrawingProperties { Id = 9, Name = "table" }, new NonVisualGraphicFrameDrawingProperties(), new ApplicationNonVisualDrawingProperties()),
            new Transform(),
            new Drawing.Graphic(data));
    }
}
