#!/usr/bin/env python3
"""Writes a department CSV file as an Excel workbook, the way a department
saves one: text as shared strings, whole numbers as numbers, dates as
date serials with a date format.

    csv2xlsx.py IN.csv OUT.xlsx KEPT.csv

Rows that are not valid UTF-8 cannot be in a workbook: they are left out,
and KEPT.csv gets the rows that were kept (the same header), so that the
two files hold the same records on the same line numbers.
"""
import csv
import datetime
import io
import re
import sys
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = datetime.date(1899, 12, 30)  # serial 0, past Excel's 1900 leap bug


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    src, out, kept = sys.argv[1:4]
    raw = open(src, "rb").read().decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    good = []
    for r in rows:
        try:
            "".join(r).encode("utf-8")
        except UnicodeEncodeError:
            continue
        good.append(r)
    with open(kept, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(good)

    strings, index = [], {}
    cells = []
    for y, r in enumerate(good):
        row = []
        for x, v in enumerate(r):
            ref = "%s%d" % (col_name(x), y + 1)
            if v == "":
                continue
            date = None
            if y and re.fullmatch(r"\d{4}-\d\d-\d\d", v):
                try:
                    date = datetime.date.fromisoformat(v)
                except ValueError:
                    pass
            if date:
                row.append('<c r="%s" s="1"><v>%d</v></c>' %
                           (ref, (date - EPOCH).days))
            elif y and re.fullmatch(r"[1-9]\d{0,8}", v):
                row.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            else:
                if v not in index:
                    index[v] = len(strings)
                    strings.append(v)
                row.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[v]))
        cells.append('<row r="%d">%s</row>' % (y + 1, "".join(row)))

    def t(v):
        sp = ' xml:space="preserve"' if v != v.strip() else ""
        return "<si><t%s>%s</t></si>" % (sp, escape(v))

    files = {
        "[Content_Types].xml": HEAD + '<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default '
        'Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/></Types>',
        "_rels/.rels": HEAD + '<Relationships xmlns="%s"><Relationship '
        'Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>' % (PKG, REL),
        "xl/workbook.xml": HEAD + '<workbook xmlns="%s" xmlns:r="%s">'
        '<sheets><sheet name="行政处罚" sheetId="1" r:id="rId1"/></sheets>'
        '</workbook>' % (MAIN, REL),
        "xl/_rels/workbook.xml.rels": HEAD + '<Relationships xmlns="%s">'
        '<Relationship Id="rId1" Type="%s/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="%s/styles" Target="styles.xml"/>'
        '</Relationships>' % (PKG, REL, REL, REL),
        "xl/styles.xml": HEAD + '<styleSheet xmlns="%s"><cellXfs count="2">'
        '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
        '</cellXfs></styleSheet>' % MAIN,
        "xl/sharedStrings.xml": HEAD + '<sst xmlns="%s" count="%d" '
        'uniqueCount="%d">%s</sst>' % (MAIN, len(strings), len(strings),
                                      "".join(t(v) for v in strings)),
        "xl/worksheets/sheet1.xml": HEAD + '<worksheet xmlns="%s">'
        '<sheetData>%s</sheetData></worksheet>' % (MAIN, "".join(cells)),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))


if __name__ == "__main__":
    main()
