#!/usr/bin/env python3
"""A second reader of the workbooks jixiao exports (tests/export.rs writes them with expected.json).

Each file is opened twice with openpyxl: as written (formulas as text) and with data_only=True (the
values cached in the file, which is what a reader that does not recalculate sees). Both must open
without an exception; the sheets, the title, every formula's cached value and the 说明 (a line a
row on its own sheet, a long line continued in the cells to its right) must be as expected.

Usage: openpyxl_check.py target/export-check/expected.json
"""

import json
import sys
from pathlib import Path

import openpyxl


def check(path, expected):
    problems = []
    written = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    sheet = expected["sheets"][0]
    for book, mode in ((written, "formulas"), (cached, "data_only")):
        if book.sheetnames != expected["sheets"]:
            problems.append(f"{mode}: sheets {book.sheetnames}")
            continue
        title = book[sheet]["A1"].value
        if title != expected["title"]:
            problems.append(f"{mode}: title {title!r}, expected {expected['title']!r}")
    if problems:
        return problems
    if expected["narrative"] is not None:
        rows = written[expected["sheets"][1]].iter_rows(values_only=True)
        lines = ["".join(v for v in row if v is not None) for row in rows]
        while lines and not lines[-1]:
            lines.pop()
        if "\n".join(lines) != expected["narrative"]:
            problems.append(f"说明: read as {chr(10).join(lines)[:80]!r}…")
    sheet_written = written[sheet]
    sheet_cached = cached[sheet]
    for cell, want in expected["formulas"].items():
        formula = sheet_written[cell].value
        if not (isinstance(formula, str) and formula.startswith("=")):
            problems.append(f"{cell}: no formula, {formula!r}")
        if sheet_written[cell].number_format != want["format"]:
            problems.append(f"{cell}: format {sheet_written[cell].number_format!r}, expected {want['format']!r}")
        got = sheet_cached[cell].value
        if not isinstance(got, (int, float)) or got != want["value"]:
            problems.append(f"{cell}: cached {got!r}, expected {want['value']!r}")
    return problems


def main():
    expected_path = Path(sys.argv[1])
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    failed = False
    for name, want in sorted(expected.items()):
        try:
            problems = check(expected_path.parent / name, want)
        except Exception as e:  # any exception is a file openpyxl cannot read
            problems = [f"{type(e).__name__}: {e}"]
        if problems:
            failed = True
            print(f"{name}: " + "; ".join(problems))
        else:
            print(f"{name}: ok ({len(want['formulas'])} formulas)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
