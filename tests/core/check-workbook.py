#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads a Stroma export back with openpyxl, an independent reader, and checks
it against what the database holds.  Exits 1 with one line per mismatch.

check-workbook.py FILE --rows Summary=17,Lots=3,... [--oos N] [--superseded N]
                  [--chart | --no-chart] [--lots L-1,L-2]
"""

import argparse
import datetime
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

SHEETS = ["Summary", "Lots", "Donors", "Passages", "Results", "Deviations",
          "Signatures", "Audit trail", "Specifications"]
RESULT_HEADERS = ["Lot", "Parameter", "Test", "Value", "Unit", "Limit", "Verdict",
                  "Entered by", "Entered at (UTC)", "Superseded", "Reason"]
AUDIT_HEADERS = ["Sequence", "Time (UTC)", "User", "Action", "Record", "Field",
                 "Old value", "New value", "Reason", "Hash"]
WARN_FILL = "FFC7CE"

problems = []


def problem(message):
    problems.append(message)


def headers(ws):
    return [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]


def column(ws, name):
    """The values of the column headed NAME, data rows only, as cells."""
    names = headers(ws)
    if name not in names:
        problem(f"{ws.title}: no column '{name}'")
        return []
    index = names.index(name)
    return [row[index] for row in ws.iter_rows(min_row=2)]


def is_number(cell):
    return cell.data_type == "n" and isinstance(cell.value, (int, float)) \
        and not isinstance(cell.value, bool)


def is_datetime(cell):
    return cell.is_date and isinstance(cell.value, datetime.datetime)


def expect_type(ws, name, check, what, allow_empty=True):
    for cell in column(ws, name):
        if cell.value is None and allow_empty:
            continue
        if not check(cell):
            problem(f"{ws.title}!{cell.coordinate} ({name}): {cell.value!r} is not {what}")
            return


def fill_of(cell):
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = fill.fgColor.rgb if fill.fgColor is not None else None
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def check_structure(ws, rows):
    count = ws.max_row - 1
    if count != rows:
        problem(f"{ws.title}: {count} data rows, the database has {rows}")
    if ws.freeze_panes != "A2":
        problem(f"{ws.title}: the header row is not frozen (freeze at {ws.freeze_panes})")
    last = get_column_letter(ws.max_column)
    want = f"A1:{last}{rows + 1}"
    if ws.auto_filter.ref != want:
        problem(f"{ws.title}: autofilter {ws.auto_filter.ref}, expected {want}")
    for cell in next(ws.iter_rows(min_row=1, max_row=1)):
        if not cell.font.b or not isinstance(cell.value, str):
            problem(f"{ws.title}!{cell.coordinate}: the header is not bold text")
            break
    for index in range(1, ws.max_column + 1):
        width = ws.column_dimensions[get_column_letter(index)].width
        if not width or width < 5 or width > 80:
            problem(f"{ws.title}: column {get_column_letter(index)} has width {width}")
            break


def check_results(ws, oos, superseded):
    if headers(ws)[:len(RESULT_HEADERS)] != RESULT_HEADERS:
        problem(f"Results: headers {headers(ws)}")
        return
    names = headers(ws)
    verdict = names.index("Verdict")
    value = names.index("Value")
    entered = names.index("Value as entered")
    oos_rows = 0
    for row in ws.iter_rows(min_row=2):
        warned = row[verdict].value == "oos"
        oos_rows += warned
        for cell in row:
            filled = fill_of(cell) == WARN_FILL
            if filled != warned:
                problem(f"Results!{cell.coordinate}: fill {fill_of(cell)} on a row with verdict "
                        f"{row[verdict].value!r}")
                break
        text = row[entered].value
        if text is not None and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
            if not is_number(row[value]) or abs(row[value].value - float(text)) > 1e-9:
                problem(f"Results!{row[value].coordinate}: {row[value].value!r} is not the number {text}")
    if oos is not None and oos_rows != oos:
        problem(f"Results: {oos_rows} rows with verdict oos, expected {oos}")
    if superseded is not None:
        count = sum(1 for c in column(ws, "Superseded") if c.value == "yes")
        if count != superseded:
            problem(f"Results: {count} superseded rows, expected {superseded}")
    expect_type(ws, "Entered at (UTC)", is_datetime, "a date-time", allow_empty=False)


def check_chart(path, want):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        charts = [n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        if not want:
            if charts:
                problem(f"chart: {charts} present where no lot has data")
            return
        if not charts:
            problem("chart: no chart part in the workbook")
            return
        xml = z.read(charts[0]).decode()
        if "<c:lineChart>" not in xml:
            problem("chart: not a line chart")
        refs = re.findall(r"<c:f>([^<]*)</c:f>", xml)
        if not any(r.startswith("Lots!$L$2") for r in refs) or not any(r.startswith("Lots!$M$2") for r in refs):
            problem(f"chart: does not chart the viability and its lower limit from Lots ({refs})")
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        if "drawing" not in rels:
            problem("chart: the Summary sheet has no drawing")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--rows", required=True)
    parser.add_argument("--oos", type=int)
    parser.add_argument("--superseded", type=int)
    parser.add_argument("--chart", dest="chart", action="store_true", default=True)
    parser.add_argument("--no-chart", dest="chart", action="store_false")
    parser.add_argument("--lots")
    args = parser.parse_args()
    rows = {}
    for item in args.rows.split(","):
        name, _, count = item.rpartition("=")
        rows[name] = int(count)

    wb = openpyxl.load_workbook(args.file)
    if wb.sheetnames != SHEETS:
        problem(f"sheets: {wb.sheetnames}, expected {SHEETS}")
    for name in SHEETS:
        if name in wb.sheetnames and name in rows:
            check_structure(wb[name], rows[name])

    if "Summary" in wb.sheetnames:
        summary = {row[0].value: row[1] for row in wb["Summary"].iter_rows(min_row=2)}
        for name in SHEETS[1:]:
            cell = summary.get(f"Rows: {name}")
            if cell is None or not is_number(cell) or cell.value != rows.get(name):
                problem(f"Summary: 'Rows: {name}' is {cell.value if cell else None!r}, expected {rows.get(name)}")
        cell = summary.get("Exported at (UTC)")
        if cell is None or not is_datetime(cell):
            problem("Summary: 'Exported at (UTC)' is not a date-time")
        cell = summary.get("Audit chain head: hash")
        if cell is None or not re.fullmatch(r"[0-9a-f]{64}", str(cell.value)):
            problem("Summary: no audit chain head hash")
    if "Lots" in wb.sheetnames:
        ws = wb["Lots"]
        expect_type(ws, "Spec version", is_number, "a number", allow_empty=False)
        expect_type(ws, "Created at (UTC)", is_datetime, "a date-time", allow_empty=False)
        expect_type(ws, "Viability (%)", is_number, "a number")
        expect_type(ws, "Viability lower limit (%)", is_number, "a number")
        if args.lots is not None:
            lots = [c.value for c in column(ws, "Lot")]
            if lots != args.lots.split(","):
                problem(f"Lots: lots {lots}, expected {args.lots}")
        for row in ws.iter_rows(min_row=2):
            verdict = row[headers(ws).index("Verdict")].value
            if (fill_of(row[0]) == WARN_FILL) != (verdict == "oos"):
                problem(f"Lots!{row[0].coordinate}: fill does not match the verdict {verdict!r}")
    if "Passages" in wb.sheetnames:
        ws = wb["Passages"]
        expect_type(ws, "Seeded (cells)", is_number, "a number", allow_empty=False)
        expect_type(ws, "Seeded on", lambda c: c.is_date, "a date", allow_empty=False)
        expect_type(ws, "Population doublings (PD)", is_number, "a number", allow_empty=False)
    if "Results" in wb.sheetnames:
        check_results(wb["Results"], args.oos, args.superseded)
    if "Audit trail" in wb.sheetnames:
        ws = wb["Audit trail"]
        missing = [h for h in AUDIT_HEADERS if h not in headers(ws)]
        if missing:
            problem(f"Audit trail: no columns {missing}")
        expect_type(ws, "Sequence", is_number, "a number", allow_empty=False)
        expect_type(ws, "Time (UTC)", is_datetime, "a date-time", allow_empty=False)
        seqs = [c.value for c in column(ws, "Sequence")]
        if seqs != sorted(seqs):
            problem("Audit trail: not in sequence order")
        expect_type(ws, "Hash", lambda c: re.fullmatch(r"[0-9a-f]{64}", str(c.value)), "a hash",
                    allow_empty=False)
    if "Deviations" in wb.sheetnames:
        expect_type(wb["Deviations"], "Opened at (UTC)", is_datetime, "a date-time", allow_empty=False)
    if "Signatures" in wb.sheetnames:
        expect_type(wb["Signatures"], "Signed at (UTC)", is_datetime, "a date-time", allow_empty=False)
    check_chart(args.file, args.chart)

    for message in problems:
        print(f"check-workbook: {message}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
