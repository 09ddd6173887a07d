"""Typed column parsers: each turns a cell's text into a value its database column holds, or
refuses it with a message that names the column and the value.

Nothing is rounded, cut or guessed: a number with more decimal places than the column keeps,
a text longer than its column, a date not written YYYY-MM-DD, digits other than 0-9 (Arabic-
Indic, full-width...) are refused, never converted. Bounds are read from the model field
(its validators include the database column's range), so "Ready" on a preview means the
database will take the value.

Each parser has default messages; an import may word one for its users (`messages=`), e.g.
the CRDC's reserve codes for a negative count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

SHOWN_CHARACTERS = 40  # a refused value is quoted up to this length in messages

MESSAGES = {
    "empty": _("%(column)s is empty."),
    "integer": _("%(column)s must be a whole number, not “%(value)s”."),
    "decimal": _("%(column)s must be a number such as 12 or 7.5, not “%(value)s”."),
    "digits": _("%(column)s must be written with the digits 0-9, not “%(value)s”."),
    "min": _("%(column)s must be at least %(min)s, not %(value)s."),
    "max": _("%(column)s must be at most %(max)s, not %(value)s."),
    "length": _(
        "%(column)s is %(length)s characters long; it holds at most %(max)s. Shorten it in "
        "the file: nothing is cut for you."
    ),
    "control": _(
        "%(column)s contains a line break or a control character (%(char)s). A line break "
        'inside a value often means a quote (") is not closed.'
    ),
    "date": _("%(column)s must be a date written YYYY-MM-DD, not “%(value)s”."),
    "early": _(
        "%(column)s is before %(year)s, the earliest year the program accepts for records "
        "(a program setting)."
    ),
    "future": _("%(column)s is in the future."),
}

INTEGER = re.compile(r"-?[0-9]+")
DECIMAL = re.compile(r"-?(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?")
ISO_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")
# Cc (controls, including NUL, tab, CR, LF) and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Refused(Exception):
    """A cell's value refused by its column's parser."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def shown(raw: str) -> str:
    """A value as quoted in a message: control characters made visible, long ones cut."""
    visible = CONTROL.sub("\N{REPLACEMENT CHARACTER}", raw)
    if len(visible) > SHOWN_CHARACTERS:
        return visible[:SHOWN_CHARACTERS] + "…"
    return visible


def _other_digits(raw: str) -> bool:
    """Digits other than 0-9: Arabic-Indic, Devanagari, full-width..."""
    return any(unicodedata.decimal(c, None) is not None and not "0" <= c <= "9" for c in raw)


def _limits(model_field) -> tuple[Any, Any]:
    """The smallest and largest value a model field takes: its validators, which include the
    database column's range for integer fields."""
    low = high = None
    for validator in model_field.validators:
        if not isinstance(validator, MinValueValidator | MaxValueValidator):
            continue
        limit = validator.limit_value
        limit = limit() if callable(limit) else limit
        if isinstance(validator, MinValueValidator):
            low = limit if low is None else max(low, limit)
        else:
            high = limit if high is None else min(high, limit)
    return low, high


def _tighter(a, b, pick):
    return b if a is None else a if b is None else pick(a, b)


@dataclass(frozen=True, kw_only=True)
class Column:
    """A column an import reads. `required`: the header must name it. `blank`: a row may
    leave it empty (then it is None, or "" for text)."""

    name: str
    label: Any = ""  # how messages name the column; its header name when empty
    required: bool = True
    blank: bool = False
    messages: Mapping[str, Any] = field(default_factory=dict)

    empty_value: Any = None

    def parse(self, raw: str) -> Any:
        if raw == "":
            if self.blank:
                return self.empty_value
            raise self.refused("empty", raw)
        return self.convert(raw)

    def convert(self, raw: str) -> Any:
        raise NotImplementedError

    def refused(self, code: str, raw: str, **params) -> Refused:
        template = self.messages.get(code) or MESSAGES[code]
        return Refused(
            str(template) % {"column": self.label or self.name, "value": shown(raw), **params}
        )


@dataclass(frozen=True, kw_only=True)
class Integer(Column):
    """A whole number written with the digits 0-9, an optional minus sign, within bounds."""

    min_value: int | None = None
    max_value: int | None = None

    @classmethod
    def for_field(cls, model_field, *, min_value=None, max_value=None, **kwargs) -> Integer:
        low, high = _limits(model_field)
        return cls(
            min_value=_tighter(low, min_value, max),
            max_value=_tighter(high, max_value, min),
            **kwargs,
        )

    def convert(self, raw: str) -> int:
        if not INTEGER.fullmatch(raw):
            raise self.refused("digits" if _other_digits(raw) else "integer", raw)
        digits = raw.lstrip("-").lstrip("0")
        # Far beyond any bound (and Python's own limit on converting long digit strings).
        if len(digits) > 30:
            code = "min" if raw.startswith("-") else "max"
            raise self.refused(code, raw, min=_n(self.min_value), max=_n(self.max_value))
        value = int(raw)
        if self.min_value is not None and value < self.min_value:
            raise self.refused("min", raw, min=_n(self.min_value), max=_n(self.max_value))
        if self.max_value is not None and value > self.max_value:
            raise self.refused("max", raw, min=_n(self.min_value), max=_n(self.max_value))
        return value


@dataclass(frozen=True, kw_only=True)
class DecimalNumber(Column):
    """A number with at most `decimal_places` decimals, written with 0-9 and a point; no
    exponent, no thousands separator. More decimals than the column keeps are refused, not
    rounded."""

    max_digits: int
    decimal_places: int
    min_value: Decimal | None = None
    max_value: Decimal | None = None

    @classmethod
    def for_field(cls, model_field, **kwargs) -> DecimalNumber:
        low, high = _limits(model_field)
        places = model_field.decimal_places
        largest = Decimal(10) ** (model_field.max_digits - places) - Decimal(10) ** -places
        return cls(
            max_digits=model_field.max_digits,
            decimal_places=places,
            min_value=_tighter(None if low is None else Decimal(str(low)), -largest, max),
            max_value=_tighter(None if high is None else Decimal(str(high)), largest, min),
            **kwargs,
        )

    def convert(self, raw: str) -> Decimal:
        match = DECIMAL.fullmatch(raw)
        if not match or not (match["whole"] or match["fraction"]):
            raise self.refused("digits" if _other_digits(raw) else "decimal", raw)
        if len(match["whole"].lstrip("0")) > self.max_digits - self.decimal_places:
            raise self.refused("min" if raw.startswith("-") else "max", raw, **self._bounds())
        places = len((match["fraction"] or "").rstrip("0"))
        if places > self.decimal_places:
            message = ngettext(
                "%(column)s has more than %(places)s decimal place (“%(value)s”). Round it in "
                "the file: nothing is rounded for you.",
                "%(column)s has more than %(places)s decimal places (“%(value)s”). Round it "
                "in the file: nothing is rounded for you.",
                self.decimal_places,
            )
            template = self.messages.get("places") or message
            raise Refused(
                str(template)
                % {
                    "column": self.label or self.name,
                    "value": shown(raw),
                    "places": self.decimal_places,
                }
            )
        value = Decimal(raw)
        if self.min_value is not None and value < self.min_value:
            raise self.refused("min", raw, **self._bounds())
        if self.max_value is not None and value > self.max_value:
            raise self.refused("max", raw, **self._bounds())
        return value

    def _bounds(self) -> dict[str, str]:
        return {"min": _n(self.min_value), "max": _n(self.max_value)}


@dataclass(frozen=True, kw_only=True)
class Text(Column):
    """One line of text of at most `max_length` characters (the model field's)."""

    max_length: int
    empty_value: Any = ""

    @classmethod
    def for_field(cls, model_field, **kwargs) -> Text:
        return cls(max_length=model_field.max_length, **kwargs)

    def convert(self, raw: str) -> str:
        if len(raw) > self.max_length:
            raise self.refused("length", raw, length=_n(len(raw)), max=_n(self.max_length))
        control = CONTROL.search(raw)
        if control:
            raise self.refused("control", raw, char=f"U+{ord(control.group()):04X}")
        return raw


@dataclass(frozen=True, kw_only=True)
class IsoDate(Column):
    """A date written YYYY-MM-DD, no earlier than 1 January of `earliest_year` (a program's
    setting) and, when `latest` is given, no later than it."""

    earliest_year: int
    latest: date | None = None

    def convert(self, raw: str) -> date:
        match = ISO_DATE.fullmatch(raw)
        if not match:
            raise self.refused("digits" if _other_digits(raw) else "date", raw)
        try:
            value = date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError as error:
            raise self.refused("date", raw) from error
        if value.year < self.earliest_year:
            raise self.refused("early", raw, year=self.earliest_year)
        if self.latest is not None and value > self.latest:
            raise self.refused("future", raw)
        return value


def _n(value) -> str:
    return "" if value is None else number_format(value, force_grouping=True)
