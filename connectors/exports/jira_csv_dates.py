"""The dates of a Jira CSV export, in the exporting user's format (:func:`parse_csv_date`).

Jira writes a date as the user's profile says: ``23/Nov/26 10:15 AM`` (its default, read on a
fast path that parses each distinct day and time of day once), month names in eight languages
(``10/nov/25 4:51 PM``, ``1. Dez. 25 14:00``, Polish ``12/lut/21 10:19 PM``, Turkish
``26/Eyl/26 4:35 PM``: its other months are the short names of Jira's Turkish locale, ``Şub``
and ``Ağu`` folded), Russian ``29/июл/26 09:59``, ISO, the year first (``2025/07/15 10:00``,
Japanese exports); a
spreadsheet re-saving the file may turn them into day numbers (``45356.6``). Dates in digits
alone (``1/2/2019``) are read only in the order the file's own dates tell (:class:`NumericDates`).
:func:`csv_date_us` gives a scan's comment times in µs without a datetime.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.mapping.common import fold, one_line, parse_iso, plausible

_MONTHS = {
    **dict.fromkeys(("jan", "janv", "ene", "gen", "januar", "janeiro", "enero", "sty", "oca"), 1),
    **dict.fromkeys(("feb", "fev", "fevr", "febr", "februar", "lut", "sub"), 2),
    **dict.fromkeys(("mar", "mars", "marz", "mrt", "marzo"), 3),
    **dict.fromkeys(("apr", "avr", "abr", "april", "abril", "kwi", "nis"), 4),
    **dict.fromkeys(("may", "mai", "mag", "mei", "mayo", "maj"), 5),
    **dict.fromkeys(("jun", "juin", "juni", "giu", "junio", "cze", "haz"), 6),
    **dict.fromkeys(("jul", "juil", "juli", "lug", "julio", "lip", "tem"), 7),
    **dict.fromkeys(("aug", "aout", "ago", "agosto", "sie", "agu"), 8),
    **dict.fromkeys(("sep", "sept", "set", "septiembre", "wrz", "eyl"), 9),
    **dict.fromkeys(("oct", "okt", "out", "ott", "octubre", "paz", "eki"), 10),
    **dict.fromkeys(("nov", "noviembre", "lis", "kas"), 11),
    **dict.fromkeys(("dec", "dez", "dic", "diciembre", "gru", "ara"), 12),
    # Russian (folded: "май" is "маи"): "июл", "сен" in a real export of all fields, "ноя" in a
    # Russian HTML export; the others as tools reading Russian exports read them, and Java's
    # longer short forms ("февр", "сент", "нояб")
    **dict.fromkeys(("янв",), 1),
    **dict.fromkeys(("фев", "февр"), 2),
    **dict.fromkeys(("мар",), 3),
    **dict.fromkeys(("апр",), 4),
    **dict.fromkeys(("мая", "маи"), 5),
    **dict.fromkeys(("июн",), 6),
    **dict.fromkeys(("июл",), 7),
    **dict.fromkeys(("авг",), 8),
    **dict.fromkeys(("сен", "сент"), 9),
    **dict.fromkeys(("окт",), 10),
    **dict.fromkeys(("ноя", "нояб"), 11),
    **dict.fromkeys(("дек",), 12),
}


# A date with the year first and slashes (``2025/07/15 10:00``): how a Japanese export writes
# its dates (a script reading one takes ``%Y/%m/%d`` from them); the year first leaves no doubt
# which of the others is the month.
_YEAR_FIRST = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


_DATE = re.compile(
    r"^(\d{1,2})[/\-. ]+([^\W\d_]+)\.?[/\-. ]+(\d{2}|\d{4})"
    r"(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(m\.?)?)?$"
)


# A date of digits alone (``1/2/2019 12:09``, ``23.11.2026 14:00``): a tool's (or a Jira set to
# a numeric format's) writing, read only once the file's dates tell which place is the day.
_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*(m\.?)?)?$"
)


class NumericDates:
    """The day order of one file's numeric dates, told by the dates themselves, never guessed.

    The reader (:class:`JiraCsvExport`) holds one and hands it to the date parsers
    (``numeric=``); without one a numeric date is not read. With ``order`` ("dmy" or "mdy")
    each is read in that order. Without an order, each is only looked at (none is read): a
    first number above 12 shows the day comes first, a second one above 12 the month;
    :meth:`told` is the order once the file's dates were looked at — None when no date settles
    it (every number 12 or less) or dates settle it both ways; :meth:`problem` then says why
    none was read. ``stop``: the first numeric date ends the read (:class:`NumericDatesFound`),
    so the file's dates are looked at before it is read once more, in the order they tell.
    """

    def __init__(self, order: str | None = None, *, stop: bool = False) -> None:
        self.order = order  # "dmy", "mdy" or None: not known yet
        self.stop = stop
        self.seen = 0  # numeric dates looked at while the order was not known
        self.example = ""
        self.day_first = self.month_first = False

    def look(self, first: int, second: int, text: str) -> None:
        if self.seen == 0:
            self.example = text
        self.seen += 1
        if 12 < first <= 31 and second <= 12:
            self.day_first = True
        elif 12 < second <= 31 and first <= 12:
            self.month_first = True

    def told(self) -> str | None:
        if self.day_first != self.month_first:
            return "dmy" if self.day_first else "mdy"
        return None

    def problem(self) -> str:
        """Why the numeric dates were not read, in one line short enough for a report's list."""
        why = (
            "some have a number above 12 first, others second"
            if self.day_first
            else "no day above 12 shows if the day or the month is first"
        )
        return (
            f"{self.seen} date(s) in digits alone (such as {one_line(self.example, 30)!r}) not "
            f"read: {why}; export dates as 23/Nov/26 10:15 AM or ISO (2026-11-23 10:15)"
        )


class NumericDatesFound(Exception):
    """A read with ``NumericDates(stop=True)`` met a numeric date: the file is read again once
    its dates have told their order."""


def _numeric_date(text: str, numeric: NumericDates | None) -> datetime | None:
    """A date of digits alone in the order the file's dates told (:class:`NumericDates`)."""
    match = _NUMERIC_DATE.match(text)
    if match is None or numeric is None:
        return None
    first, _, second, year, hour, minute, seconds, half, _ = match.groups()
    if numeric.order is None:
        if numeric.stop:
            raise NumericDatesFound(text)
        numeric.look(int(first), int(second), text)
        return None
    day, month = (first, second) if numeric.order == "dmy" else (second, first)
    return _moment(year, int(month), day, hour, minute, seconds, half)


# Jira's default format (``23/Nov/26 10:15 AM``, ``1/Dec/25 14:00``) exactly as exported: the day
# and the time of day are each parsed once per distinct text (a few thousand days, 2 880 times
# of day), without folding or an ISO attempt. Anything else goes to the general parser.
_PLAIN_DAY = re.compile(r"([0-9]{1,2})/([A-Za-z]{3})/([0-9]{2})")


_PLAIN_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(?: ([AP])M)?")


_DAYS: dict[str, tuple[int, int, int] | None] = {}


_TIMES: dict[str, tuple[int, int] | None] = {}


_CACHE_LIMIT = 50_000


def _plain_day(text: str) -> tuple[int, int, int] | None:
    """``23/Nov/26`` → (2026, 11, 23) with the general parser's rules; None if not this form."""
    match = _PLAIN_DAY.fullmatch(text)
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match is None or month is None:
        return None
    year = int(match.group(3))
    return year + (2000 if year < 70 else 1900), month, int(match.group(1))


def _plain_time(text: str) -> tuple[int, int] | None:
    """``4:05 PM`` → (16, 5), ``14:00`` → (14, 0) with the general parser's rules, else None."""
    match = _PLAIN_TIME.fullmatch(text)
    if match is None:
        return None
    hours, half = int(match.group(1)), match.group(3)
    if half == "P" and hours < 12:
        hours += 12
    elif half == "A" and hours == 12:
        hours = 0
    return hours, int(match.group(2))


def parse_csv_date(value: str, numeric: NumericDates | None = None) -> datetime | None:
    """A Jira CSV date in the exporting user's format → aware datetime (UTC if no zone), or None.

    Handles ``dd/MMM/yy h:mm AM`` with English, Spanish, French, German, Italian and Portuguese
    month names (``23/Nov/26 10:15 AM``, ``10/nov/25 4:51 PM``, ``10/oct./16 11:54``,
    ``1. Dez. 25 14:00``) and ISO timestamps, a spreadsheet's day number (``45356.6``); dates
    in digits alone as ``numeric`` (the reader's :class:`NumericDates`) says, else not at all.
    """
    if isinstance(value, str):
        day_text, space, time_text = value.partition(" ")
        if space:
            day = _DAYS.get(day_text, False)
            if day is False:
                if len(_DAYS) > _CACHE_LIMIT:
                    _DAYS.clear()
                day = _DAYS[day_text] = _plain_day(day_text)
            if day is not None:
                clock = _TIMES.get(time_text, False)
                if clock is False:
                    if len(_TIMES) > _CACHE_LIMIT:
                        _TIMES.clear()
                    clock = _TIMES[time_text] = _plain_time(time_text)
                if clock is not None:  # same result as the general parser (tested against it)
                    try:
                        return plausible(
                            datetime(day[0], day[1], day[2], clock[0], clock[1], tzinfo=UTC)
                        )
                    except ValueError:
                        return None
    return _parse_any_date(value, numeric)


_GENERAL: Any = object()  # in the caches below: not the plain form, the general parser reads it


_DAY_US: dict[str, int | None] = {}  # day text -> its midnight in µs since 1970, None: no such day


_CLOCK_US: dict[str, int | None] = {}  # time of day -> µs since midnight, None: no such time


def _day_us(text: str) -> Any:
    day = _plain_day(text)
    if day is None:
        return _GENERAL
    try:
        return utc_us(datetime(day[0], day[1], day[2], tzinfo=UTC))
    except ValueError:
        return None


def _clock_us(text: str) -> Any:
    clock = _plain_time(text)
    if clock is None:
        return _GENERAL
    hours, minutes = clock
    return (hours * 60 + minutes) * 60_000_000 if hours < 24 and minutes < 60 else None


def plain_day_us(text: str) -> Any:
    """The midnight (µs since 1970) of a day in Jira's default form (``23/Nov/26``), None for
    no such day, ``_GENERAL`` for another form (the general parser's), as csv_date_us reads it."""
    base = _DAY_US.get(text, False)
    if base is False:
        if len(_DAY_US) > _CACHE_LIMIT:
            _DAY_US.clear()
        base = _DAY_US[text] = _day_us(text)
    return base


def csv_date_us(value: str, numeric: NumericDates | None = None) -> int | None:
    """``utc_us(parse_csv_date(value))`` (None when that is None), without a datetime for
    Jira's default format: a scan's comment times go straight into the activity columns."""
    day_text, space, time_text = value.partition(" ")
    if space:
        base = _DAY_US.get(day_text, False)
        if base is False:
            if len(_DAY_US) > _CACHE_LIMIT:
                _DAY_US.clear()
            base = _DAY_US[day_text] = _day_us(day_text)
        if base is not _GENERAL:
            clock = _CLOCK_US.get(time_text, False)
            if clock is False:
                if len(_CLOCK_US) > _CACHE_LIMIT:
                    _CLOCK_US.clear()
                clock = _CLOCK_US[time_text] = _clock_us(time_text)
            if clock is not _GENERAL:  # both in the plain form: as parse_csv_date's fast path
                return None if base is None or clock is None else base + clock
    moment = parse_csv_date(value, numeric)
    return None if moment is None else utc_us(moment)


def _parse_any_date(value: str, numeric: NumericDates | None = None) -> datetime | None:
    """:func:`parse_csv_date` for every format (the general path)."""
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        return None
    iso = parse_iso(text)
    if iso is not None:
        return iso
    folded = fold(text).replace("a. m.", "am").replace("p. m.", "pm")
    match = _DATE.match(folded)
    if not match:
        year_first = _YEAR_FIRST.match(folded)
        if year_first:
            year, month_text, day, hour, minute, second = year_first.groups()
            return _moment(year, int(month_text), day, hour, minute, second, None)
        if _SERIAL.match(folded):
            return _serial_date(folded)
        return _numeric_date(folded, numeric)
    day, month_name, year, hour, minute, second, half, _ = match.groups()
    month = _MONTHS.get(month_name.rstrip("."))
    if month is None:
        return None
    return _moment(year, month, day, hour, minute, second, half)


# A spreadsheet's day number: Excel, LibreOffice and Google Sheets count days from 30 Dec 1899,
# the time of day as the fraction (``45356.6`` is 5 Mar 2024 14:24). A Jira CSV re-saved from
# a spreadsheet whose date columns were formatted as numbers holds such dates; Jira writes no
# date as a bare number of five digits (days 10000-99999: 1927-2173), so none is read otherwise.
_SERIAL = re.compile(r"^[0-9]{5}(?:[.,][0-9]+)?$")


_SERIAL_START = datetime(1899, 12, 30, tzinfo=UTC)


def _serial_date(text: str) -> datetime | None:
    """A spreadsheet's day number (``45356.6``, ``45356,6``) → its moment to the second."""
    seconds = round(float(text.replace(",", ".")) * 86400)
    return plausible(_SERIAL_START + timedelta(seconds=seconds))


def _moment(
    year: str,
    month: int,
    day: str,
    hour: str | None,
    minute: str | None,
    second: str | None,
    half: str | None,
) -> datetime | None:
    """The parsed parts of a date (a two-digit year: 1970–2069) → aware datetime, or None."""
    year_number = int(year)
    if year_number < 100:
        year_number += 2000 if year_number < 70 else 1900
    hours = int(hour) if hour else 0
    if half == "p" and hours < 12:
        hours += 12
    elif half == "a" and hours == 12:
        hours = 0
    try:
        return plausible(
            datetime(
                year_number, month, int(day), hours, int(minute or 0), int(second or 0), tzinfo=UTC
            )
        )
    except ValueError:
        return None


_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


_US = timedelta(microseconds=1)


def utc_us(moment: datetime) -> int:
    """Microseconds since 1970 of an aware datetime (the reader's are all UTC)."""
    return (moment - _EPOCH_UTC) // _US
