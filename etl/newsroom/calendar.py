"""Month and weekday names, in Indonesian and English: the one table every parser,
format and generator of dates reads.

Month numbers are 1–12 as in `date.month`; weekdays are in ISO order, Monday first, so
`WEEKDAYS_ID[d.weekday()]` is the day's name. Charts want Sunday first (d3's locale):
they rotate these tuples rather than keep their own.
"""
from __future__ import annotations

__all__ = [
    "MONTHS_EN",
    "MONTHS_EN_SHORT",
    "MONTHS_ID",
    "MONTHS_ID_SHORT",
    "MONTH_BY_SPELLING",
    "WEEKDAYS_EN",
    "WEEKDAYS_EN_SHORT",
    "WEEKDAYS_ID",
    "WEEKDAYS_ID_SHORT",
    "WEEKDAY_BY_SPELLING",
]

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_ID_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
WEEKDAYS_ID_SHORT = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_EN_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# What CMS exports write besides the names above: the spellings before the 1972 reform
# (Pebruari, Nopember) that some desks still use, the abbreviations editors type, and
# Jum'at with its apostrophe. Indonesian short weekdays (Sen, Min) are not read: "Min"
# is too often something else.
OTHER_MONTH_SPELLINGS: dict[int, tuple[str, ...]] = {
    2: ("Pebruari", "Peb"),
    8: ("Agt", "Ags", "Agust"),
    9: ("Sept",),
    11: ("Nopember", "Nop"),
}
OTHER_WEEKDAY_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("Tues",),
    3: ("Thur", "Thurs"),
    4: ("Jum'at",),
    6: ("Ahad",),
}


def _by_spelling(tables: tuple[tuple[str, ...], ...], others: dict[int, tuple[str, ...]],
                 first: int) -> dict[str, int]:
    spellings: dict[str, int] = {}
    for number, names in enumerate(zip(*tables), start=first):
        for name in (*names, *others.get(number, ())):
            spellings[name.casefold()] = number
    return spellings


# Every spelling a date parser accepts, case-folded → month number (1–12) / weekday (0–6).
MONTH_BY_SPELLING: dict[str, int] = _by_spelling(
    (MONTHS_ID, MONTHS_ID_SHORT, MONTHS_EN, MONTHS_EN_SHORT), OTHER_MONTH_SPELLINGS, first=1)
WEEKDAY_BY_SPELLING: dict[str, int] = _by_spelling(
    (WEEKDAYS_ID, WEEKDAYS_EN, WEEKDAYS_EN_SHORT), OTHER_WEEKDAY_SPELLINGS, first=0)
