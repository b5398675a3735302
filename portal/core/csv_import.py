"""The central team's CSV files. Reading: one implementation of the checks every import shares (UTF-8,
a header naming known columns, required values, line numbers that count multi-line fields); each
import (innovations, advice sources) checks its own values on the rows this yields. Writing: cells a
spreadsheet would run as a formula are neutralised, and reading undoes that, so an export imports back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.http import HttpResponse

from portal.core.text import LINE_BREAKS, first_control_character


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


# OWASP's advice on CSV injection: a cell beginning with =, +, - or @ is read by spreadsheets as a
# formula (or, after a tab or carriage return, may be); an apostrophe before it makes it text. A cell
# also begins after a separator a spreadsheet may be told to split on (";" or a tab rather than ",", a
# line break when quotes are not honoured): "Great work;=1+1" holds the formula "=1+1" for one
# splitting on ";". So an apostrophe goes at the start of the text, and right after each separator,
# wherever a formula follows (spaces and apostrophes in between do not stop it). Reading takes that one
# apostrophe away again, so an export imports back exactly as it was.
_FORMULA_AT_START = re.compile(r"^(?= *'*[=+\-@\t\r])")
_FORMULA_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])(?=[ \t]*'*[=+\-@])")
_NEUTRALISED_AT_START = re.compile(r"^'(?= *'*[=+\-@\t\r])")
_NEUTRALISED_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])'(?=[ \t]*'*[=+\-@])")


def neutralise(value) -> str:
    """`value` as a CSV cell no spreadsheet reads a formula in, however it splits the file."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number is never a formula, and must stay a number (-1.5 sorts as one)
    text = "" if value is None else str(value)
    return _FORMULA_AT_START.sub("'", _FORMULA_AFTER_SEPARATOR.sub("'", text), count=1)


def _restore(value: str) -> str:
    """The value an export neutralised, as it was."""
    return _NEUTRALISED_AFTER_SEPARATOR.sub("", _NEUTRALISED_AT_START.sub("", value, count=1))


class SafeWriter:
    """csv.writer whose rows cannot carry a formula into a spreadsheet."""

    def __init__(self, out):
        self._writer = csv.writer(out)

    def writerow(self, row) -> None:
        self._writer.writerow([neutralise(value) for value in row])


def codes_for(values: list[str], choices) -> tuple[list[str], list[str]]:
    """Codes for values given as codes or labels of `choices` (any case), and the values that are
    neither."""
    return lookup_values(
        values,
        {code.lower(): code for code in choices.values}
        | {label.lower(): code for code, label in choices.choices},
    )


def lookup_values(values: list[str], lookup: dict) -> tuple[list, list[str]]:
    """What each value names in `lookup` (keys in lower case), without repeats, and the values it lacks."""
    known = [lookup[v.lower()] for v in values if v.lower() in lookup]
    unknown = [v for v in values if v.lower() not in lookup]
    return list(dict.fromkeys(known)), unknown


def split_list(value: str) -> list[str]:
    """A `;`-separated cell as a list, without blanks or repeats."""
    return list(dict.fromkeys(part.strip() for part in value.split(";") if part.strip()))


def read_rows(
    file,
    *,
    columns: list[str],
    required: list[str],
    errors: list[RowError],
    limits: dict[str, int] | None = None,
    one_line: list[str] = (),
    header_seen: list[str] | None = None,
) -> Iterator[tuple[int, dict, list[str]]]:
    """Yield (line, values, problems) for each non-blank row: values has every column (stripped, '' when
    absent); problems lists required columns left empty, values longer than their column's limit in
    `limits`, control characters, and line breaks in the `one_line` columns (names, titles). File-level
    problems go into `errors`; the columns the file has are added to `header_seen` when it is given."""
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors.append(RowError(0, f"The file must be UTF-8 text (byte {exc.start} is not)."))
            return
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if header_seen is not None:
        header_seen.extend(header)
    if not header:
        errors.append(RowError(1, "The file is empty: it needs a header row naming the columns."))
        return
    reader.fieldnames = header
    unknown = [name for name in header if name not in columns]
    missing = [name for name in required if name not in header]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if unknown:
        plural = "s" if len(unknown) > 1 else ""
        errors.append(
            RowError(
                1, f"Unknown column{plural}: {', '.join(unknown)}. The columns are: {', '.join(columns)}."
            )
        )
    if missing:
        errors.append(
            RowError(1, f"Missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}.")
        )
    if duplicated:
        errors.append(RowError(1, f"Column named more than once: {', '.join(duplicated)}."))
    if errors:
        return
    line = 1
    for record in reader:
        start_line, line = line + 1, reader.line_num
        if None in record:
            errors.append(RowError(start_line, "This row has more values than there are columns."))
            continue
        values = {name: _restore((record.get(name) or "").strip()) for name in columns}
        if not any(values.values()):
            continue
        problems = [f"{name} is empty" for name in required if not values[name]]
        for name, limit in (limits or {}).items():
            if len(values[name]) > limit:
                problems.append(
                    f"{name} must be {limit:,} characters or fewer (it has {len(values[name]):,})"
                )
        for name, value in values.items():
            if character := first_control_character(value):
                problems.append(f"{name} contains a control character ({character}), which cannot be shown")
        problems.extend(
            f"{name} must be on one line" for name in one_line if LINE_BREAKS.search(values[name])
        )
        yield start_line, values, problems


def csv_response(*, filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download whose cells cannot carry a formula into a spreadsheet."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = SafeWriter(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    return response
