#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python yardstick of the export benchmark: Debian's python3-xlsxwriter
in constant-memory mode writing the cells of a dump (see bench-cells.c for
the format).  Loads the cells first, then times only the writing; prints
"CELLS WALL-SECONDS CPU-SECONDS"."""

import sys
import time

import xlsxwriter

UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def unescape(text):
    if "\\" not in text:
        return text
    out = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append(UNESCAPE.get(nxt, nxt))
        else:
            out.append(ch)
    return "".join(out)


def load(path):
    sheets = []
    with open(path, encoding="utf-8", newline="\n") as dump:
        for line in dump:
            line = line.rstrip("\n")
            if line.startswith("#SHEET\t"):
                sheets.append((line[len("#SHEET\t"):], []))
                continue
            row = []
            for field in line.split("\t"):
                kind = field[:1]
                if kind in ("s", "h"):
                    row.append((kind, unescape(field[1:])))
                elif kind:
                    row.append((kind, float(field[1:])))
                else:
                    row.append(None)
            sheets[-1][1].append(row)
    return sheets


def main():
    sheets = load(sys.argv[1])
    start = time.monotonic()
    cpu_start = time.process_time()
    workbook = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
    header = workbook.add_format({"bold": True})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    formats = {"h": header, "s": None, "n": None, "d": datetime_format, "a": date_format}
    cells = 0
    for name, rows in sheets:
        worksheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                kind, value = cell
                if kind in ("s", "h"):
                    worksheet.write_string(r, c, value, formats[kind])
                else:
                    worksheet.write_number(r, c, value, formats[kind])
                cells += 1
    workbook.close()
    print(f"{cells} {time.monotonic() - start:.6f} {time.process_time() - cpu_start:.6f}")


if __name__ == "__main__":
    main()
