"""The one upload workflow (programs/uploads): reading, decoding, line endings, typed columns
read from the model fields, per-row results. No database needed except where a model's
field is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from programs.models import EnrollmentCount, Officer, TrainingRecord
from programs.uploads import (
    DecimalNumber,
    Integer,
    IsoDate,
    Layout,
    Refused,
    Result,
    Row,
    Text,
    read_csv,
)
from programs.uploads.result import SAMPLE_ROWS, SHOWN_ERRORS
from sro_admin.errors import RuleViolation

COUNT = Integer.for_field(EnrollmentCount._meta.get_field("count"), name="N")
HOURS = DecimalNumber.for_field(TrainingRecord._meta.get_field("hours"), name="hours")
PROVIDER = Text.for_field(TrainingRecord._meta.get_field("provider"), name="provider", blank=True)
DAY = IsoDate(name="day", earliest_year=1990, latest=date(2026, 6, 30))


def refusal(column, raw: str) -> str:
    with pytest.raises(Refused) as refused:
        column.parse(raw)
    return refused.value.message


# -- typed columns: bounds come from the model field ---------------------------------------


def test_bounds_are_read_from_the_model_fields():
    # PositiveIntegerField: PostgreSQL's integer, 0 to 2,147,483,647.
    assert (COUNT.min_value, COUNT.max_value) == (0, 2_147_483_647)
    # DecimalField(max_digits=5, decimal_places=1) with MinValueValidator(0.1).
    assert (HOURS.min_value, HOURS.max_value) == (Decimal("0.1"), Decimal("9999.9"))
    assert PROVIDER.max_length == 200
    badge = Text.for_field(Officer._meta.get_field("badge_number"), name="badge")
    assert badge.max_length == 30
    # A tighter bound of the caller's wins; a looser one does not.
    assert Integer.for_field(
        EnrollmentCount._meta.get_field("count"), name="N", max_value=10**12
    ).max_value == (2_147_483_647)


@pytest.mark.parametrize(
    ("raw", "value"), [("0", 0), ("007", 7), ("2147483647", 2_147_483_647), ("-0", 0)]
)
def test_an_integer_in_range_is_read(raw, value):
    assert COUNT.parse(raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2147483648", "N must be at most 2,147,483,647, not 2147483648."),
        ("99999999999", "N must be at most 2,147,483,647, not 99999999999."),
        ("9" * 5000, "N must be at most 2,147,483,647, not " + "9" * 40 + "…."),
        ("-1", "N must be at least 0, not -1."),
        ("+5", "N must be a whole number, not “+5”."),
        ("1.0", "N must be a whole number, not “1.0”."),
        ("1e3", "N must be a whole number, not “1e3”."),
        ("1,000", "N must be a whole number, not “1,000”."),
        ("١٢٣", "N must be written with the digits 0-9, not “١٢٣”."),  # Arabic-Indic
        ("１２", "N must be written with the digits 0-9, not “１２”."),  # full-width
        ("", "N is empty."),
    ],
)
def test_an_integer_out_of_range_or_not_ascii_is_refused(raw, message):
    assert refusal(COUNT, raw) == message


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("40", Decimal("40")),
        ("7.5", Decimal("7.5")),
        ("7.50", Decimal("7.5")),
        (".5", Decimal("0.5")),
    ],
)
def test_a_decimal_the_column_holds_is_read_exactly(raw, value):
    assert HOURS.parse(raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "1.123456789",
            "hours has more than 1 decimal place (“1.123456789”). Round it in the file: "
            "nothing is rounded for you.",
        ),
        (
            "0.05",
            "hours has more than 1 decimal place (“0.05”). Round it in the file: "
            "nothing is rounded for you.",
        ),
        ("10000", "hours must be at most 9,999.9, not 10000."),
        ("1" + "0" * 30, "hours must be at most 9,999.9, not 1" + "0" * 30 + "."),
        ("0", "hours must be at least 0.1, not 0."),
        ("-2", "hours must be at least 0.1, not -2."),
        ("1e30", "hours must be a number such as 12 or 7.5, not “1e30”."),
        ("NaN", "hours must be a number such as 12 or 7.5, not “NaN”."),
        ("Infinity", "hours must be a number such as 12 or 7.5, not “Infinity”."),
        ("7,5", "hours must be a number such as 12 or 7.5, not “7,5”."),
        ("٤٠", "hours must be written with the digits 0-9, not “٤٠”."),
    ],
)
def test_a_decimal_is_refused_never_rounded(raw, message):
    assert refusal(HOURS, raw) == message


def test_text_is_refused_when_longer_than_its_column_or_not_one_line():
    assert PROVIDER.parse("") == ""
    assert PROVIDER.parse("x" * 200) == "x" * 200
    assert PROVIDER.parse("Académie d'État") == "Académie d'État"
    assert refusal(PROVIDER, "x" * 5000) == (
        "provider is 5,000 characters long; it holds at most 200. Shorten it in the file: "
        "nothing is cut for you."
    )
    for char in ("\x00", "\n", "\r", "\t", "\x1b", "\u2028"):
        message = refusal(PROVIDER, f"State{char}academy")
        assert message.startswith("provider contains a line break or a control character")
        assert f"U+{ord(char):04X}" in message


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("20250412", "day must be a date written YYYY-MM-DD, not “20250412”."),
        ("2025-4-12", "day must be a date written YYYY-MM-DD, not “2025-4-12”."),
        ("04/12/2025", "day must be a date written YYYY-MM-DD, not “04/12/2025”."),
        ("2025-W15-6", "day must be a date written YYYY-MM-DD, not “2025-W15-6”."),
        ("2025-02-30", "day must be a date written YYYY-MM-DD, not “2025-02-30”."),
        ("٢٠٢٥-٠٤-١٢", "day must be written with the digits 0-9, not “٢٠٢٥-٠٤-١٢”."),
        (
            "0001-01-01",
            "day is before 1990, the earliest year the program accepts for records (a program "
            "setting).",
        ),
        (
            "1989-12-31",
            "day is before 1990, the earliest year the program accepts for records (a program "
            "setting).",
        ),
        ("2026-07-01", "day is in the future."),
    ],
)
def test_a_date_is_iso_plausible_and_not_after_its_latest_day(raw, message):
    assert refusal(DAY, raw) == message


def test_a_date_on_the_bounds_is_read():
    assert DAY.parse("1990-01-01") == date(1990, 1, 1)
    assert DAY.parse("2026-06-30") == date(2026, 6, 30)


# -- reading a file ------------------------------------------------------------------------

LAYOUT = Layout(
    columns=[
        Text(name="name", max_length=20),
        Integer(name="n", min_value=0, max_value=100),
        Text(name="note", max_length=200, required=False, blank=True),
    ],
    max_bytes=10_000,
    max_rows=5,
)


@dataclass
class Read:
    header: list[str]
    notices: list[str]
    rows: list[Row]
    batches: list[int]  # the length of each batch


def read(content: bytes, layout: Layout = LAYOUT) -> Read:
    """The file read whole, as an import reads it: batch by batch."""
    upload = read_csv(content, layout)
    batches = list(upload.batches())
    rows = [row for batch in batches for row in batch]
    return Read(upload.header, upload.notices, rows, [len(b) for b in batches])


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending_reads_the_same_also_inside_quotes(ending):
    text = ending.join(["name,n,note", 'Ann,1,"two', 'lines"', "Bo,2,", ""])
    upload = read(text.encode())
    assert [(r.line, r.cleaned["name"], r.values["note"]) for r in upload.rows] == [
        (2, "Ann", "two\nlines"),
        (4, "Bo", ""),
    ]
    # A line break inside a one-line text column is refused, not stored.
    assert upload.rows[0].errors[0].startswith("note contains a line break")


def test_utf8_with_or_without_a_byte_order_mark_reads_alike():
    text = "NAME,N\nJosé,1\n"
    plain, marked = read(text.encode()), read(text.encode("utf-8-sig"))
    assert plain.rows[0].cleaned == marked.rows[0].cleaned == {"name": "José", "n": 1}
    assert plain.notices == marked.notices == []


def test_windows_1252_is_read_deliberately_and_the_preview_says_so():
    upload = read("name,n\nJosé – Ñ,1\n".encode("cp1252"))
    assert upload.rows[0].cleaned["name"] == "José – Ñ"
    assert "read as Windows-1252" in upload.notices[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name,n\nAnn,1\n".encode("utf-16"), "The file is UTF-16 text, not UTF-8."),
        ("name,n\nAnn,1\n".encode("utf-16-be"), "The file is not UTF-8 text."),
        ("name,n\nAnn,1\n".encode("utf-32"), "The file is UTF-32 text, not UTF-8."),
        (b"PK\x03\x04\x14\x00\x06\x00", "The file is a spreadsheet workbook, not a CSV file."),
        (b"\x81\x8d\x8f\x90\x9d", "The file is not UTF-8 text."),
        (b"\xff\x00\xfe" * 10, "The file is not UTF-8 text."),
        (b"x" * 10_001, "The file is larger than 10 KB; split it into smaller files."),
        (b"", "The header row lacks these columns: name, n."),
        (b"name,n,N\n", "The header row names these columns more than once: n."),
        (b"name,n\n\n \n", "The file has no rows under its header."),
        (b'name,"n\n', "The header row is not valid CSV."),
        (b"name,n\n" + b"a,1\n" * 6, "The file has more than 5 rows; split it."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(content, message):
    with pytest.raises(RuleViolation) as refused:
        read(content)
    assert refused.value.message.startswith(message)
    assert refused.value.field == "file"


def test_row_problems_are_errors_on_their_rows_and_reading_goes_on():
    content = (
        b"name,n,ignored\n"
        b'Ann,1,"' + b"x" * 200_000 + b'"\n'  # a huge value, in a column no one reads
        b"Bo,2,x,extra\n"  # one value more than the header has columns
        b"Cy,3,x,,\n"  # empty extra values are harmless
        b'Di,"4"x\n'  # a closing quote followed by text
        b"Ed,\xd9\xa5\n"  # Arabic-Indic five
        b'Fay,6,"never closed\n'
        b"Gus,7\n"
    )
    rows = read(content, Layout(columns=LAYOUT.columns, max_bytes=300_000)).rows
    assert [(r.line, r.errors) for r in rows] == [
        (2, []),
        (
            3,
            [
                "This line has 1 value more than the header row has columns. A value with a "
                "comma in it needs quotes around it."
            ],
        ),
        (4, []),
        (5, ['A closing quote (") must be followed by a comma or the end of the line.']),
        (6, ["n must be written with the digits 0-9, not “٥”."]),
        (7, ['A quote (") opened on this line is never closed.']),
    ]


def test_values_are_stripped_and_header_names_compared_without_case():
    upload = read(b" Name , N \n  Ann  , 5 \n")
    assert upload.rows[0].cleaned == {"name": "Ann", "n": 5}
    upper = Layout(columns=[Integer(name="N_TOTAL")], upper_case=True)
    assert read_csv(b"n_total,other\n5,x\n", upper).header == ["N_TOTAL", "OTHER"]


def test_a_file_is_read_in_batches_and_the_save_reads_its_values_again():
    layout = Layout(columns=LAYOUT.columns, max_rows=10, batch_rows=3)
    content = b"note,n,name\n" + b"".join(b"x,%d,Ann\n" % n for n in range(7))
    read_whole = read(content, layout)
    assert read_whole.batches == [3, 3, 1]
    assert [r.cleaned["n"] for r in read_whole.rows] == list(range(7))
    upload = read_csv(content, layout)
    assert list(upload.values(["name", "n"]))[:2] == [("Ann", 0), ("Ann", 1)]
    # A column the file lacks gives its empty value; a short row, its cells' empty values;
    # `then` maps a value further, once per distinct cell.
    no_note = read_csv(b"name,n\nAnn,1\n", layout)
    assert list(no_note.values(["n", "note"])) == [(1, "")]
    short = read_csv(b"name,n,note\n Ann ,1\nBo,2,x\nAnn,3\n", layout)
    ids = {"Ann": 10, "Bo": 20}
    assert list(short.values(["name", "note"], then={"name": ids.__getitem__})) == [
        (10, ""),
        (20, "x"),
        (10, ""),
    ]


def test_a_value_parsed_once_is_refused_or_read_alike_on_every_row():
    """Each distinct cell of a column is parsed once per read; every row still gets its own
    result."""
    rows = read(b"name,n\nAnn,7\nBo,101\nAnn,7\nBo,101\n").rows
    assert [r.cleaned for r in rows] == [
        {"name": "Ann", "n": 7},
        {"name": "Bo"},
        {"name": "Ann", "n": 7},
        {"name": "Bo"},
    ]
    assert rows[1].errors == rows[3].errors == ["n must be at most 100, not 101."]
    assert rows[1].errors is not rows[3].errors


def test_a_result_counts_every_row_and_keeps_only_what_a_preview_lists():
    rows = [Row(line=n) for n in range(2, 2 + 3 * SHOWN_ERRORS)]
    for row in rows[: 2 * SHOWN_ERRORS]:
        row.errors.append("bad")
    rows[-1].warnings.append("odd")
    result = Result()
    for start in range(0, len(rows), 7):  # batch by batch
        result.add(rows[start : start + 7])
    assert (result.read, result.with_errors, result.with_warnings) == (
        3 * SHOWN_ERRORS,
        2 * SHOWN_ERRORS,
        1,
    )
    assert result.errors == rows[:SHOWN_ERRORS] and result.more_errors == SHOWN_ERRORS
    assert result.warned == [rows[-1]] and result.more_warnings == 0
    assert result.sample == rows[2 * SHOWN_ERRORS : 2 * SHOWN_ERRORS + SAMPLE_ROWS]
    assert result.more_ready == SHOWN_ERRORS - 1 - SAMPLE_ROWS
    assert not result.ok and result.ready == SHOWN_ERRORS
