#!/usr/bin/env python3
"""Writes the .xlsx fixtures of tests/unit/test_xlsxread.c.

Run from anywhere: python3 tests/data/xlsx/make.py. The XML is written by
hand, so that each file holds exactly the case it tests; the files are
small and checked in. Entries get a fixed date, so that a rerun with the
same zlib gives the same bytes. Hostile archives (zip bombs, deep
nesting, huge shared strings) are built by the test itself at run time.
"""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = RNS + "/officeDocument"
WS = RNS + "/worksheet"
CS = RNS + "/chartsheet"
SST = RNS + "/sharedStrings"
STY = RNS + "/styles"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '</Types>')


def rels(*entries):
    body = "".join('<Relationship Id="%s" Type="%s" Target="%s"/>' % e
                   for e in entries)
    return HEAD + '<Relationships xmlns="%s">%s</Relationships>' % (PKG, body)


def workbook(sheets, pr=""):
    body = "".join(
        '<sheet name="%s" sheetId="%d"%s r:id="%s"/>' %
        (name, i + 1, ' state="%s"' % state if state else "", rid)
        for i, (name, rid, state) in enumerate(sheets))
    return HEAD + ('<workbook xmlns="%s" xmlns:r="%s">%s<sheets>%s</sheets>'
                   '</workbook>' % (MAIN, RNS, pr, body))


def sheet(rows):
    return HEAD + ('<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1"/>'
                   '<sheetData>%s</sheetData><pageMargins left="0.7"/>'
                   '</worksheet>' % (MAIN, RNS, "".join(rows)))


def shared(strings):
    body = "".join(s if s.startswith("<si") else "<si><t>%s</t></si>" % s
                   for s in strings)
    return HEAD + ('<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' %
                   (MAIN, len(strings), len(strings), body))


def styles(numfmts, xfs):
    fmts = "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % f
                   for f in numfmts)
    cells = "".join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" '
                    'xfId="0" applyNumberFormat="1"/>' % x for x in xfs)
    # cellStyleXfs come first, as Excel writes them: a date format there
    # must not make cell style 0 a date
    return HEAD + ('<styleSheet xmlns="%s"><numFmts count="%d">%s</numFmts>'
                   '<fonts count="1"><font><sz val="11"/></font></fonts>'
                   '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
                   '<cellXfs count="%d">%s</cellXfs></styleSheet>' %
                   (MAIN, len(numfmts), fmts, len(xfs), cells))


def inl(ref, text):
    return ('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
            if ref else '<c t="inlineStr"><is><t>%s</t></is></c>' % text)


def write(name, parts):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            info = zipfile.ZipInfo(part, date_time=(2026, 3, 5, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))
    print("wrote", path, os.path.getsize(path), "bytes")


def package(book_rels, book, extra, book_name="xl/workbook.xml"):
    parts = [("[Content_Types].xml", CONTENT_TYPES),
             ("_rels/.rels", rels(("rId1", DOC, book_name)))]
    d, f = book_name.rsplit("/", 1)
    if book_rels is not None:
        parts.append(("%s/_rels/%s.rels" % (d, f), book_rels))
    parts.append((book_name, book))
    return parts + extra


# strings.xlsx: shared strings (rich text, phonetic runs, entities, kept
# blanks, _xHHHH_ escapes), inline strings, formula strings, a Chinese
# header; the sheet is named data.xml and reached through the rels, while
# a decoy sheet1.xml is the second sheet.
def strings():
    sst = [
        "行政相对人名称", "统一社会信用代码", "备注", "证件号码",
        "济南槐荫宏达商贸有限公司",
        '<si><r><rPr><b/></rPr><t>甲</t></r><r><t xml:space="preserve">'
        ' 乙 </t></r><rPh sb="0" eb="1"><t>ジャ</t></rPh>'
        '<phoneticPr fontId="1"/></si>',
        "A&amp;B &lt;C&gt; &quot;D&quot;",
        '<si><t xml:space="preserve">  两端空格  </t></si>',
        "第一行_x000D_\n第二行",
        "370104198503151232",
        "<si><t/></si>",
        "_x005F_x0041_",
    ]
    rows = [
        '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c>'
        '<c r="D1" t="s"><v>2</v></c></row>',
        '<row r="2"><c r="A2" t="s"><v>4</v></c>' +
        inl("B2", "91370104MA3C00011C") +
        '<c r="C2" t="s"><v>9</v></c><c r="D2" t="s"><v>5</v></c></row>',
        '<row r="3"><c r="A3" t="s"><v>6</v></c>'
        '<c r="B3" t="str"><f>"公式"&amp;"结果"</f><v>公式结果</v></c>'
        '<c r="D3" t="s"><v>7</v></c></row>',
        '<row r="4"><c r="A4" t="s"><v>8</v></c>'
        '<c r="B4" t="inlineStr"><is><r><t>内</t></r><r><t>联</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
        '<c r="C4" t="s"><v>10</v></c><c r="D4" t="s"><v>11</v></c></row>',
    ]
    book = workbook([("数据", "rId2", None), ("Sheet1", "rId1", None)])
    book_rels = rels(("rId1", WS, "worksheets/sheet1.xml"),
                     ("rId2", WS, "worksheets/data.xml"),
                     ("rId3", SST, "sharedStrings.xml"),
                     ("rId4", STY, "styles.xml"))
    write("strings.xlsx", package(book_rels, book, [
        ("xl/worksheets/sheet1.xml", sheet([
            '<row r="1">' + inl("A1", "decoy") + '</row>'])),
        ("xl/worksheets/data.xml", sheet(rows)),
        ("xl/sharedStrings.xml", shared(sst)),
        ("xl/styles.xml", styles([], [0])),
    ]))


# numbers.xlsx: number forms, dates through built-in and custom formats,
# formats that are not dates, booleans, errors, t="d".
def numbers():
    fmts = [(164, "yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"),
            (165, "0.00&quot;元&quot;"),
            (166, "[h]:mm:ss"),
            (167, "yyyy-mm-dd hh:mm:ss"),
            (168, "[$-F800]dddd, mmmm dd, yyyy"),
            (169, "[Red]#,##0.00_);\\(#,##0.00\\)"),
            (45, "0.0"),  # a built-in date id redefined: not a date
            (170, "0.00"), (170, "yyyy-mm-dd")]  # repeated: the last
    #       0  1   2    3    4    5    6   7   8  9    10  11   12  13
    xfs = [0, 14, 164, 165, 166, 167, 22, 31, 2, 168, 46, 169, 45, 170]

    def n(ref, v, s=None, t=None):
        return '<c r="%s"%s%s><v>%s</v></c>' % (
            ref, ' s="%d"' % s if s is not None else "",
            ' t="%s"' % t if t else "", v)

    rows = [
        '<row r="1">' + n("A1", "3000") + n("B1", "3000.0") +
        n("C1", "1.0E+3") + n("D1", "-42") + n("E1", "+7") + n("F1", "0") +
        n("G1", "-0.0") + '</row>',
        '<row r="2">' + n("A2", "1234.5") + n("B2", "0.1") +
        n("C2", "1234.5600000000002") + n("D2", "1.5E-3") +
        n("E2", "-0.25") + n("F2", "2.5E-10") + n("G2", " 12 ") +
        '</row>',
        '<row r="3">' + n("A3", "913701040000000000") +
        n("B3", "9.1370104E+17") + n("C3", "3.70104198503151E+17") +
        n("D3", "1E+21") + n("E3", "123456789012345678.0") + '</row>',
        '<row r="4">' + n("A4", "46086", 1) + n("B4", "46086", 2) +
        n("C4", "46086.5", 5) + n("D4", "46086.75", 6) +
        n("E4", "44377", 7) + n("F4", "46086", 9) + n("G4", "0.5", 1) +
        n("H4", "60", 1) + n("I4", "59", 1) + n("J4", "61", 1) +
        n("K4", "1", 1) + n("L4", "46086.99999999", 1) +
        n("M4", "46086", 13) + '</row>',
        '<row r="5">' + n("A5", "46086", 3) + n("B5", "1.5", 4) +
        n("C5", "46086", 8) + n("D5", "1.25", 10) +
        n("E5", "2026-03-05", 1, "str") + n("F5", "46086", 99) +
        n("G5", "-1", 1) + n("H5", "abc", 1) + n("I5", "46086", 11) +
        n("J5", "46086", 0) + n("K5", "46086", 12) + '</row>',
        '<row r="6">' + n("A6", "1", t="b") + n("B6", "0", t="b") +
        n("C6", "#N/A", t="e") + n("D6", "#DIV/0!", t="e") +
        n("E6", "2026-03-05T00:00:00Z", t="d") +
        n("F6", "2026-03-05T08:30:00", t="d") + n("G6", "12", t="n") +
        '<c r="H6"><f>1+1</f></c>' + n("I6", "9") + '</row>',
    ]
    book = workbook([("Sheet1", "rId1", None)])
    book_rels = rels(("rId1", WS, "worksheets/sheet1.xml"),
                     ("rId2", STY, "styles.xml"))
    write("numbers.xlsx", package(book_rels, book, [
        ("xl/worksheets/sheet1.xml", sheet(rows)),
        ("xl/styles.xml", styles(fmts, xfs)),
    ]))


# fallback.xlsx: no package or workbook rels, so xl/workbook.xml,
# xl/worksheets/sheet1.xml and xl/styles.xml by their usual names; the
# 1904 date system.
def fallback():
    book = workbook([("Sheet1", "rId1", None)],
                    pr='<workbookPr date1904="1"/>')
    write("fallback.xlsx", [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("xl/workbook.xml", book),
        ("xl/worksheets/sheet1.xml", sheet([
            '<row r="1"><c r="A1" s="1"><v>44624</v></c>' + inl("B1", "x") +
            '<c r="C1" s="1"><v>0.75</v></c></row>'])),
        ("xl/styles.xml", styles([], [0, 14])),
    ])


# layout.xlsx: cell positions, missing cells, skipped and empty rows,
# rows and cells without r, a row going backwards, a far column.
def layout():
    rows = [
        '<row r="1">' + inl("A1", "a") + inl("C1", "c") + '</row>',
        '<row r="2">' + inl("B2", "b") + inl("E2", "e") + '</row>',
        '<row r="3"><c r="A3" s="0"/><c r="B3" t="inlineStr"><is><t></t>'
        '</is></c></row>',
        '<row r="5">' + inl("A5", "five") + '<c r="C5" s="0"/></row>',
        '<row>' + inl(None, "x") + inl(None, "y") + '</row>',
        '<row r="9">' + inl("A9", "p") + inl(None, "n1") + inl("D9", "q") +
        inl(None, "n2") + '</row>',
        '<row r="8">' + inl("A8", "back") + '</row>',
        '<row r="12">' + inl("A12", "m") + inl("XFD12", "far") + '</row>',
        '<row r="13">' + inl("A13", "ok") + '<c r="XFD13" s="0"/></row>',
        '<row r="14">' + inl("C14", "c") + inl("A14", "a") + '</row>',
        '<row r="15"/>',
    ]
    book = workbook([("Sheet1", "rId1", None)])
    book_rels = rels(("rId1", WS, "worksheets/sheet1.xml"))
    write("layout.xlsx", package(book_rels, book, [
        ("xl/worksheets/sheet1.xml", sheet(rows)),
    ]))


# badsst.xlsx: shared string indices out of range or not numbers.
def badsst():
    rows = [
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c>'
        '<c r="C1" t="s"><v>abc</v></c><c r="D1" t="s"><v>-1</v></c>'
        '<c r="E1" t="s"><v> 1 </v></c>'
        '<c r="F1" t="s"><v>99999999999999999999999</v></c></row>',
    ]
    book = workbook([("Sheet1", "rId1", None)])
    book_rels = rels(("rId1", WS, "worksheets/sheet1.xml"),
                     ("rId2", SST, "sharedStrings.xml"))
    write("badsst.xlsx", package(book_rels, book, [
        ("xl/worksheets/sheet1.xml", sheet(rows)),
        ("xl/sharedStrings.xml", shared(["zero", "one"])),
    ]))


# malformed.xlsx: two good rows, then a mismatched tag.
def malformed():
    body = sheet([
        '<row r="1">' + inl("A1", "one") + '</row>',
        '<row r="2">' + inl("A2", "two") + '</row>',
        '<row r="3">' + inl("A3", "three") + '<c r="B3"></row>',
    ])
    book = workbook([("Sheet1", "rId1", None)])
    book_rels = rels(("rId1", WS, "worksheets/sheet1.xml"))
    write("malformed.xlsx", package(book_rels, book, [
        ("xl/worksheets/sheet1.xml", body),
    ]))


# nosheet.xlsx: the rels name a sheet the archive does not have.
def nosheet():
    book = workbook([("Sheet1", "rId1", None)])
    book_rels = rels(("rId1", WS, "worksheets/missing.xml"))
    write("nosheet.xlsx", package(book_rels, book, []))


# hidden.xlsx: the workbook at xl/book.xml (found through _rels/.rels);
# a hidden first sheet and a chart sheet before the first visible
# worksheet, whose target is absolute.
def hidden():
    book = workbook([("代码表", "rId1", "hidden"), ("图表", "rId3", None),
                     ("数据", "rId2", None)])
    book_rels = rels(("rId1", WS, "worksheets/sheet1.xml"),
                     ("rId2", WS, "/xl/worksheets/sheet2.xml"),
                     ("rId3", CS, "chartsheets/sheet1.xml"))
    write("hidden.xlsx", package(book_rels, book, [
        ("xl/worksheets/sheet1.xml", sheet([
            '<row r="1">' + inl("A1", "code") + '</row>'])),
        ("xl/worksheets/sheet2.xml", sheet([
            '<row r="1">' + inl("A1", "data") + '</row>'])),
        ("xl/chartsheets/sheet1.xml", HEAD + '<chartsheet xmlns="%s"/>' %
         MAIN),
    ], book_name="xl/book.xml"))


if __name__ == "__main__":
    strings()
    numbers()
    fallback()
    layout()
    badsst()
    malformed()
    nosheet()
    hidden()
