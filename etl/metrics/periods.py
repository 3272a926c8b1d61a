"""Periods (SPEC §2): which snapshot dates a report compares."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date  # a, exclusive
    end: date  # b, inclusive
    start_is_snapshot: bool  # False when a is not a snapshot date (e.g. a = b - 7 days)

    def __str__(self) -> str:
        return f"({self.start.isoformat()}, {self.end.isoformat()}]"


def snapshot_dates(con) -> list[date]:
    """Every snapshot date, ascending (read from the small period_ends mart)."""
    return [row[0] for row in con.execute("select period_end from period_ends order by period_end").fetchall()]


def _latest_on_or_before(con, day: date) -> date | None:
    row = con.execute("select max(period_end) from period_ends where period_end <= $day", {"day": day}).fetchall()[0]
    return row[0]


def _latest_before(con, day: date) -> date | None:
    row = con.execute("select max(period_end) from period_ends where period_end < $day", {"day": day}).fetchall()[0]
    return row[0]


def resolve_period(con, as_of: date | None = None, date_from: date | None = None,
                   date_to: date | None = None) -> Period | None:
    """SPEC §2. With date_from: a = the latest snapshot date <= date_from (date_from itself
    when there is none), b = the latest snapshot date <= date_to (default as_of, default
    the latest). None when there is no snapshot date <= the requested end."""
    end_wish = date_to or as_of or date.max
    b = _latest_on_or_before(con, end_wish)
    if b is None:
        return None
    if date_from is None:
        a = _latest_before(con, b)
        return Period(a, b, True) if a is not None else Period(b - timedelta(days=7), b, False)
    if date_from >= end_wish:
        raise ValueError(f"the start date {date_from.isoformat()} must be before the end date {end_wish.isoformat()}")
    a = _latest_on_or_before(con, date_from)
    if a is None:
        return Period(date_from, b, False)
    if a >= b:
        raise ValueError(
            f"no data was ingested after {a.isoformat()} up to {end_wish.isoformat()}; "
            "choose a later end date or an earlier start date"
        )
    return Period(a, b, True)


def previous_period(con, period: Period) -> Period | None:
    """The standard period ending at a (SPEC §3 previous_rank); None when a is no snapshot date."""
    if not period.start_is_snapshot:
        return None
    return resolve_period(con, as_of=period.start)


def comparison_period(con, period: Period) -> Period | None:
    """The period a report's changes compare with; None when a is no snapshot date. For
    the standard period the previous period (the one ending at a); for a range chosen
    with --from/--to (or the dashboard's from/to) the range of the same length just before
    it, (a - (b - a), a] with its start snapped as SPEC §2 snaps --from: four weeks are
    compared with the four weeks before, not with one."""
    if not period.start_is_snapshot:
        return None
    if is_custom_range(con, period):
        return resolve_period(con, date_from=period.start - (period.end - period.start), date_to=period.start)
    return previous_period(con, period)


def is_custom_range(con, period: Period) -> bool:
    """Whether (a, b] is a chosen range rather than the standard period ending at b."""
    return period.start_is_snapshot and _latest_before(con, period.end) != period.start
