"""Reading an uploaded CSV file: bounded, decoded, split into rows, every cell parsed.

A problem with the file as a whole (too large, not text, a header without the columns the
import needs, too many rows) raises RuleViolation: the page shows it next to the file field.
A problem with a row (a cell its column refuses, a quote never closed, more values than the
header has columns) is an error on that row: the preview lists every row with its result.

Choices, for every import alike:
- UTF-8, with or without a byte-order mark. A file that is not UTF-8 is read as Windows-1252,
  the code page Excel on Windows uses for "CSV (Comma delimited)", and the preview says so,
  so that a name read wrongly is seen before anything is saved. UTF-16 and UTF-32 files,
  Excel workbooks and anything with NUL bytes in its header are refused with a message that
  says to save as CSV UTF-8.
- Lines may end in CR LF, LF or CR alone (old Mac files); all are read alike, also inside
  quoted values.
- No value can be longer than the file, so the csv module's field-size limit is raised to
  the file's limit: a long value is refused by its column (with its length), never a crash.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.uploads.columns import Column, Refused
from sro_admin.errors import RuleViolation
from sro_admin.request_size import megabytes


@dataclass(kw_only=True)
class Row:
    """One row of the file and its result. `values` are the cells (stripped) of the columns
    the import reads; `cleaned` the values their parsers accepted."""

    line: int  # the line the row starts on, counting the header as line 1
    values: dict[str, str] = field(default_factory=dict)
    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, kw_only=True)
class Layout:
    """What an import's file looks like: its columns and its limits."""

    columns: Sequence[Column]
    upper_case: bool = False  # header names compared in upper case (CRDC), else lower case
    max_bytes: int = 1_000_000
    max_rows: int = 5_000
    # Further checks of the header (e.g. "one of these two columns"); raises RuleViolation.
    check_header: Callable[[list[str]], None] | None = None

    def name(self, header_cell: str) -> str:
        cell = header_cell.strip().lstrip("\ufeff").strip()
        return cell.upper() if self.upper_case else cell.lower()


@dataclass(kw_only=True)
class Upload:
    header: list[str]
    rows: list[Row]
    notices: list[str]  # about the whole file, shown above the rows (e.g. its encoding)


def _refused(message: str) -> RuleViolation:
    return RuleViolation(message, field="file")


def decode(content: bytes) -> tuple[str, list[str]]:
    """The file's text, with every line ending made LF, and notices about its encoding."""
    not_utf8 = _("The file is not UTF-8 text. Save it as CSV (UTF-8).")
    if content.startswith(b"PK\x03\x04"):
        raise _refused(
            _(
                "The file is a spreadsheet workbook, not a CSV file. In your spreadsheet, "
                "save it as CSV (UTF-8) and upload that file."
            )
        )
    if content.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise _refused(_("The file is UTF-32 text, not UTF-8. Save it as CSV (UTF-8)."))
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _refused(_("The file is UTF-16 text, not UTF-8. Save it as CSV (UTF-8)."))
    notices = []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in content:
            raise _refused(not_utf8) from None
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _refused(not_utf8) from error
        notices.append(
            _(
                "The file is not UTF-8: it was read as Windows-1252, the encoding of Excel's "
                "“CSV (Comma delimited)”. Check the names below; if letters look wrong, save "
                "the file as CSV (UTF-8) and upload it again."
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text.partition("\n")[0]:  # UTF-16 without its mark reads as NUL-laced text
        raise _refused(not_utf8)
    return text, notices


def _records(text: str, max_bytes: int):
    """(first line, cells or None, csv error or "") for each record of the text."""
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)  # no value can be longer than the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield first_line, None, str(error)
        else:
            yield first_line, cells, ""


def _csv_error(error: str) -> str:
    if "end of data" in error:
        return _('A quote (") opened on this line is never closed.')
    if "expected after" in error:
        return _('A closing quote (") must be followed by a comma or the end of the line.')
    return _("This line is not valid CSV.")


def _header(cells: list[str] | None, layout: Layout) -> list[str]:
    if cells is None:
        raise _refused(_("The header row is not valid CSV."))
    header = [layout.name(c) for c in cells]
    if layout.check_header is not None:
        layout.check_header(header)
    missing = [c.name for c in layout.columns if c.required and c.name not in header]
    if missing:
        raise _refused(
            _("The header row lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    twice = [c.name for c in layout.columns if header.count(c.name) > 1]
    if twice:
        raise _refused(
            _("The header row names these columns more than once: %(columns)s.")
            % {"columns": ", ".join(twice)}
        )
    return header


def read_csv(content: bytes, layout: Layout, *, row_type: type[Row] = Row) -> Upload:
    """Every non-blank row of the file, each cell of a known column parsed. Raises
    RuleViolation for a file that cannot be read as the layout's CSV."""
    if len(content) > layout.max_bytes:
        raise _refused(
            _("The file is larger than %(size)s; split it into smaller files.")
            % {"size": megabytes(layout.max_bytes)}
        )
    text, notices = decode(content)
    records = _records(text, layout.max_bytes)
    first = next(records, None)
    header = _header(first[1] if first else [], layout)
    position = {name: header.index(name) for name in {c.name for c in layout.columns} & {*header}}
    read = [c for c in layout.columns if c.name in position]
    rows: list[Row] = []
    for line, cells, error in records:
        if cells is not None and not any(c.strip() for c in cells):
            continue  # a blank line
        if len(rows) == layout.max_rows:
            raise _refused(
                _("The file has more than %(rows)s rows; split it.")
                % {"rows": number_format(layout.max_rows, force_grouping=True)}
            )
        row = row_type(line=line)
        rows.append(row)
        if cells is None:
            row.errors.append(_csv_error(error))
            continue
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            row.errors.append(
                ngettext(
                    "This line has %(n)s value more than the header row has columns. A value "
                    "with a comma in it needs quotes around it.",
                    "This line has %(n)s values more than the header row has columns. A value "
                    "with a comma in it needs quotes around it.",
                    len(cells) - len(header),
                )
                % {"n": len(cells) - len(header)}
            )
        for column in read:
            index = position[column.name]
            raw = cells[index].strip() if index < len(cells) else ""
            row.values[column.name] = raw
            try:
                row.cleaned[column.name] = column.parse(raw)
            except Refused as refused:
                row.errors.append(refused.message)
    if not rows:
        raise _refused(_("The file has no rows under its header."))
    return Upload(header=header, rows=rows, notices=notices)
