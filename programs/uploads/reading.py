"""Reading an uploaded CSV file: bounded, decoded, split into rows, every cell parsed, batch by
batch.

A problem with the file as a whole (too large, not text, a header without the columns the
import needs, too many rows) raises RuleViolation: the page shows it next to the file field.
A problem with a row (a cell its column refuses, a quote never closed, more values than the
header has columns) is an error on that row.

Streamed: `read_csv` reads the header only. The rows are parsed on demand, `batch_rows` at a
time (`Upload.batches`), so an import checks a file of 200,000 rows with a fixed number of
queries per batch and never holds more than one batch of Row objects; the save reads the
rows again as plain tuples of values (`Upload.values`) straight into its bulk write.

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
- A column's parser is a pure function of the cell's text, so each distinct value of a column
  is parsed once per read (a year of records repeats the same dates, hours and codes).
"""

from __future__ import annotations

import codecs
import csv
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.uploads.columns import Column, Refused
from sro_admin.errors import RuleViolation
from sro_admin.request_size import megabytes

# Parsed values remembered per column and read: distinct cells up to this many, each up to
# MEMO_LENGTH characters (a badge, a code, a date, a provider; not a 200 KB refusal).
MEMO_VALUES = 20_000
MEMO_LENGTH = 256


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
    batch_rows: int = 5_000  # rows parsed, then checked, at a time
    # Further checks of the header (e.g. "one of these two columns"); raises RuleViolation.
    check_header: Callable[[list[str]], None] | None = None

    def name(self, header_cell: str) -> str:
        cell = header_cell.strip().lstrip("\ufeff").strip()
        return cell.upper() if self.upper_case else cell.lower()


def _refused(message: str) -> RuleViolation:
    return RuleViolation(message, field="file")


class Upload:
    """A file whose header has been read. Its rows are read on demand, as often as asked:
    the check reads them in batches of Rows, the save again as tuples of values."""

    def __init__(
        self, *, text: str, header: list[str], notices: list[str], layout: Layout, row_type
    ):
        self.header = header
        self.notices = notices  # about the whole file, shown above the rows (its encoding)
        self._text = text
        self._layout = layout
        self._row_type = row_type
        position = {name: i for i, name in enumerate(header)}
        # The columns the file has, each with its cell's index and a memo of parsed values.
        self._read = [(c, position[c.name]) for c in layout.columns if c.name in position]

    def _records(self) -> Iterator[tuple[int, list[str] | None, str]]:
        """(first line, cells or None, csv error) of each non-blank row under the header;
        RuleViolation for more rows than the layout takes or none."""
        reader = csv.reader(_lines(self._text), strict=True)
        next(reader, None)  # the header, read by read_csv
        max_rows = self._layout.max_rows
        count = 0
        while True:
            first_line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                cells, problem = None, str(error)
            else:
                problem = ""
                # A blank line: no cell, or only empty ones (",,,").
                if not cells or (not cells[0].strip() and not any(c.strip() for c in cells)):
                    continue
            count += 1
            if count > max_rows:
                raise _refused(
                    _("The file has more than %(rows)s rows; split it.")
                    % {"rows": number_format(max_rows, force_grouping=True)}
                )
            yield first_line, cells, problem
        if not count:
            raise _refused(_("The file has no rows under its header."))

    def batches(self) -> Iterator[list[Row]]:
        """Every non-blank row, each cell of a known column parsed, `batch_rows` at a time."""
        row_type, size, width = self._row_type, self._layout.batch_rows, len(self.header)
        read = [(c.name, index, c, {}) for c, index in self._read]
        batch: list[Row] = []
        for line, cells, problem in self._records():
            row = row_type(line=line)
            batch.append(row)
            if cells is None:
                row.errors.append(_csv_error(problem))
            else:
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    row.errors.append(_extra_values(len(cells) - width))
                values, cleaned, errors = row.values, row.cleaned, row.errors
                count = len(cells)
                for name, index, column, memo in read:
                    raw = cells[index].strip() if index < count else ""
                    values[name] = raw
                    parsed = memo.get(raw)
                    if parsed is None:
                        parsed = _parse(column, raw, memo)
                    if parsed[1] is None:
                        cleaned[name] = parsed[0]
                    else:
                        errors.append(parsed[1])
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch

    def values(
        self, names: Sequence[str], *, then: Mapping[str, Callable[[Any], Any]] | None = None
    ) -> Iterator[tuple]:
        """The cleaned values of the columns `names` (a column the file lacks: its empty
        value) of every row, as tuples, for a file whose rows were all checked ready: no
        Row is built, and the save can stream them into one bulk write. `then` maps a
        column's value further (a badge to its officer's id), once per distinct cell.

        As fast as Python goes: a row's cells are picked (itemgetter) and looked up in each
        column's memo of final values (map over dict.__getitem__), all in C; only a cell
        not met before takes the slow way, parsed and remembered."""
        then = then or {}
        columns = {c.name: (c, index) for c, index in self._read}
        read: list[tuple[Column | None, int, Callable[[Any], Any] | None]] = []
        memos: list[dict] = []
        for name in names:
            if name in columns:
                column, index = columns[name]
                read.append((column, index, then.get(name)))
                memos.append({})
            else:  # any cell (the first) gives the column's empty value
                empty = next(c for c in self._layout.columns if c.name == name).empty_value
                mapped = then[name](empty) if name in then else empty
                read.append((None, 0, None))
                memos.append(_Constant(mapped))
        pick = itemgetter(*(index for _c, index, _t in read))
        if len(read) == 1:
            single = pick
            pick = lambda cells: (single(cells),)  # noqa: E731 - itemgetter of one is no tuple
        lookup = dict.__getitem__
        for line, cells, _problem in self._records():
            try:
                values = tuple(map(lookup, memos, pick(cells)))
            except (KeyError, IndexError, TypeError):  # a cell not met, a short row, no cells
                values = self._slow_values(line, cells, read, memos)
            yield values

    @staticmethod
    def _slow_values(line: int, cells: list[str] | None, read, memos) -> tuple:
        if cells is None:
            raise _not_ready(line)
        out = []
        for (column, index, mapping), memo in zip(read, memos, strict=True):
            if column is None:
                out.append(memo.value)
                continue
            raw = cells[index] if index < len(cells) else ""
            if raw in memo:
                out.append(memo[raw])
                continue
            try:
                value = column.parse(raw.strip())
            except Refused:
                raise _not_ready(line) from None
            if mapping is not None:
                value = mapping(value)
            if len(memo) < MEMO_VALUES and len(raw) <= MEMO_LENGTH:
                memo[raw] = value
            out.append(value)
        return tuple(out)


class _Constant(dict):
    """A memo that answers one value for any cell: a column the file lacks."""

    def __init__(self, value):
        super().__init__()
        self.value = value

    def __missing__(self, _cell):
        return self.value


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for the block (see result.check_rows)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _parse(column: Column, raw: str, memo: dict) -> tuple[Any, str | None]:
    """(value, None) or (None, the refusal), remembered for the next cell alike."""
    try:
        parsed = (column.parse(raw), None)
    except Refused as refused:
        parsed = (None, refused.message)
    if len(memo) < MEMO_VALUES and len(raw) <= MEMO_LENGTH:
        memo[raw] = parsed
    return parsed


def _not_ready(line: int) -> RuntimeError:
    return RuntimeError(f"Line {line} was read ready by the check, and is not now")


def _lines(text: str) -> Iterator[str]:
    """The text's lines (ending "\\n"), one at a time: no list of every line, no copy."""
    start, find, end_of_text = 0, text.find, len(text)
    while start < end_of_text:
        end = find("\n", start) + 1 or end_of_text
        yield text[start:end]
        start = end


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
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text.partition("\n")[0]:  # UTF-16 without its mark reads as NUL-laced text
        raise _refused(not_utf8)
    return text, notices


def _csv_error(error: str) -> str:
    if "end of data" in error:
        return _('A quote (") opened on this line is never closed.')
    if "expected after" in error:
        return _('A closing quote (") must be followed by a comma or the end of the line.')
    return _("This line is not valid CSV.")


def _extra_values(n: int) -> str:
    return ngettext(
        "This line has %(n)s value more than the header row has columns. A value "
        "with a comma in it needs quotes around it.",
        "This line has %(n)s values more than the header row has columns. A value "
        "with a comma in it needs quotes around it.",
        n,
    ) % {"n": n}


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
    """The file, decoded, its header checked; its rows are read on demand (`Upload.batches`,
    `Upload.values`). Raises RuleViolation for a file that cannot be read as the layout's CSV;
    reading the rows raises it for too many rows, or none."""
    if len(content) > layout.max_bytes:
        raise _refused(
            _("The file is larger than %(size)s; split it into smaller files.")
            % {"size": megabytes(layout.max_bytes)}
        )
    text, notices = decode(content)
    if csv.field_size_limit() < layout.max_bytes:
        csv.field_size_limit(layout.max_bytes)  # no value can be longer than the file
    try:
        first = next(csv.reader(_lines(text), strict=True), [])
    except csv.Error:
        first = None
    header = _header(first, layout)
    return Upload(text=text, header=header, notices=notices, layout=layout, row_type=row_type)
