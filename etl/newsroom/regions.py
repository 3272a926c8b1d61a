"""The Jakarta region gazetteer: which of the seven regions an article is about.

Data: ``etl/newsroom/data/jakarta_kecamatan.csv`` lists the 44 kecamatan of DKI Jakarta
with their city (kota/kabupaten administrasi) and Kemendagri 2025 region codes.
It is a copy of the shared reference ``reference/jakarta_kecamatan.csv``; keep
the two identical. Spelling variants that newsrooms use but the official list
does not (``Kramat Jati`` for Kramatjati) live in ``_KECAMATAN_VARIANTS`` below.

Matching is on whole words, case-insensitively, so the Sulawesi city Makassar
is not the kecamatan Makasar, and the weekday Minggu is not Pasar Minggu.
"""

from __future__ import annotations

import csv
import re
import sys
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DKI_JAKARTA",
    "KECAMATAN_REGION",
    "REGIONS",
    "SHORT_FORMS",
    "context_names",
    "context_pairs",
    "infer_regions",
    "name_key",
    "phrase_pattern",
    "place_names",
    "region_from_name",
    "regions_for",
    "regions_from_column",
    "spelling_regions",
]

DKI_JAKARTA = "DKI Jakarta"

# Display order everywhere: the five cities as Jakartans list them, the
# islands, then the province-wide bucket.
REGIONS: tuple[str, ...] = (
    "Jakarta Pusat",
    "Jakarta Utara",
    "Jakarta Barat",
    "Jakarta Selatan",
    "Jakarta Timur",
    "Kepulauan Seribu",
    DKI_JAKARTA,
)

SHORT_FORMS: dict[str, str] = {
    "Jakarta Pusat": "Jakpus",
    "Jakarta Utara": "Jakut",
    "Jakarta Barat": "Jakbar",
    "Jakarta Selatan": "Jaksel",
    "Jakarta Timur": "Jaktim",
    "Kepulauan Seribu": "Kep. Seribu",
    DKI_JAKARTA: "DKI",
}

_KECAMATAN_FILE = Path(__file__).parent / "data" / "jakarta_kecamatan.csv"

# Other spellings of official kecamatan names. Multi-word names already match
# with or without their spaces (Pal Merah/Palmerah, Taman Sari/Tamansari), so
# only one-word official names need their split spelling here.
_KECAMATAN_VARIANTS: dict[str, tuple[str, ...]] = {
    "Kramatjati": ("Kramat Jati",),
    "Pulogadung": ("Pulo Gadung",),
    "Setiabudi": ("Setia Budi",),
    "Kalideres": ("Kali Deres",),
    "Jatinegara": ("Jati Negara",),
    "Tanjung Priok": ("Tj. Priok",),
}

# Names that mean somewhere else in a known context: Gunung Tambora is the
# volcano on Sumbawa, Pancoran Mas a kecamatan of Depok.
_NOT_AFTER_WORD: dict[str, tuple[str, ...]] = {"Tambora": ("gunung", "gn.", "gn")}
_NOT_BEFORE_WORD: dict[str, tuple[str, ...]] = {"Pancoran": ("mas",)}

# City-level names that inference recognises (DKI Jakarta is never inferred:
# "Jakarta" alone says nothing about where in the city).
_CITY_NAMES: dict[str, tuple[str, ...]] = {
    "Jakarta Pusat": ("Jakarta Pusat", "Jakpus"),
    "Jakarta Utara": ("Jakarta Utara", "Jakut"),
    "Jakarta Barat": ("Jakarta Barat", "Jakbar"),
    "Jakarta Selatan": ("Jakarta Selatan", "Jaksel"),
    "Jakarta Timur": ("Jakarta Timur", "Jaktim"),
    "Kepulauan Seribu": ("Kepulauan Seribu", "Kep. Seribu", "Pulau Seribu"),
}

# Extra names accepted where someone names a region on purpose (CLI, column).
_PROVINCE_NAMES = (
    "DKI", "DKI Jakarta", "Jakarta", "Provinsi DKI Jakarta",
    "Daerah Khusus Jakarta", "Daerah Khusus Ibukota Jakarta", "DKJ",
)
_ADMIN_PREFIXES = (
    "kotaadministrasi", "kotaadm", "kabupatenadministrasi", "kabupatenadm",
    "kabadministrasi", "kabadm", "kabupaten", "kab", "kota", "provinsi", "prov",
)

_UNKNOWN_REGION_HELP = "use one of Jakpus, Jakut, Jakbar, Jaksel, Jaktim, Kep. Seribu, DKI Jakarta"


def _load_kecamatan() -> dict[str, str]:
    with _KECAMATAN_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    unknown = {row["region"] for row in rows} - set(REGIONS)
    if unknown:
        raise RuntimeError(f"{_KECAMATAN_FILE.name} names unknown regions {sorted(unknown)}")
    return {row["kecamatan"]: row["region"] for row in rows}


# Official kecamatan name → region, as in the reference file.
KECAMATAN_REGION: dict[str, str] = _load_kecamatan()


def name_key(text: str) -> str:
    # Dots, dashes and spaces vary freely in how people write these names.
    return re.sub(r"[\s.\-_]", "", text.casefold())


def _build_name_keys() -> dict[str, str]:
    keys = {name_key(region): region for region in REGIONS}
    keys.update({name_key(short): region for region, short in SHORT_FORMS.items()})
    for region, names in _CITY_NAMES.items():
        keys.update({name_key(name): region for name in names})
    keys.update({name_key(name): DKI_JAKARTA for name in _PROVINCE_NAMES})
    return keys


def _build_kecamatan_keys() -> dict[str, str]:
    keys = {}
    for kecamatan, region in KECAMATAN_REGION.items():
        for spelling in (kecamatan, *_KECAMATAN_VARIANTS.get(kecamatan, ())):
            keys[name_key(spelling)] = region
    return keys


_REGION_BY_KEY = _build_name_keys()
_KECAMATAN_BY_KEY = _build_kecamatan_keys()


def region_from_name(text: str) -> str:
    """The region a user means by `--region` (`Jaksel`, `Kota Adm. Jakarta Selatan`, `DKI`)."""
    region = _region_by_key(name_key(text))
    if region is None:
        raise ValueError(f"unknown region '{text.strip()}'; {_UNKNOWN_REGION_HELP}")
    return region


def _region_by_key(key: str) -> str | None:
    if key in _REGION_BY_KEY:
        return _REGION_BY_KEY[key]
    for prefix in _ADMIN_PREFIXES:
        if key.startswith(prefix) and key[len(prefix):] in _REGION_BY_KEY:
            return _REGION_BY_KEY[key[len(prefix):]]
    return None


_COLUMN_SEPARATORS = re.compile(r"[,;/|&]|\s+(?:dan|and)\s+", re.IGNORECASE)


def regions_from_column(text: str) -> list[str]:
    """The regions a `region` cell names (`Jaksel; Jaktim`, `Tebet`), in display order.

    Returns [] when the cell names none, so the caller infers from the title.
    """
    found: set[str] = set()
    for part in _COLUMN_SEPARATORS.split(text or ""):
        key = name_key(part)
        if not key:
            continue
        region = _region_by_key(key) or _KECAMATAN_BY_KEY.get(key)
        # A longer cell such as "Tebet, Jaksel (banjir)" still names places.
        found.update([region] if region else infer_regions(part))
    return [region for region in REGIONS if region in found]


# --- inference from free text -----------------------------------------------------


def phrase_pattern(phrase: str) -> str:
    # Words may be written together or hyphenated (Palmerah, Pal-Merah), and the
    # dot of an abbreviation is optional (Kep Seribu).
    words = phrase.casefold().split()
    return r"[\s\-]*".join(
        re.escape(word[:-1]) + r"\.?" if word.endswith(".") else re.escape(word)
        for word in words
    )


def _name_pattern(name: str, official: str) -> str:
    before = "".join(
        rf"(?<!{re.escape(word)} )" for word in _NOT_AFTER_WORD.get(official, ())
    )
    after = "".join(
        rf"(?![\s\-]*{re.escape(word)}(?!\w))" for word in _NOT_BEFORE_WORD.get(official, ())
    )
    return before + phrase_pattern(name) + after


def _spellings(region: str) -> list[tuple[str, str]]:
    """(spelling, official name) of every name inference recognises for `region`: its city
    names and short forms, then each of its kecamatan with the variant spellings."""
    found = [(name, name) for name in _CITY_NAMES.get(region, ())]
    for kecamatan, kecamatan_region in KECAMATAN_REGION.items():
        if kecamatan_region == region:
            found += [(spelling, kecamatan) for spelling in (kecamatan, *_KECAMATAN_VARIANTS.get(kecamatan, ()))]
    return found


def _region_alternatives() -> dict[str, list[str]]:
    return {region: [_name_pattern(spelling, official) for spelling, official in _spellings(region)]
            for region in REGIONS}


def _compile_region_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    groups, group_region = [], {}
    for index, (region, patterns) in enumerate(_region_alternatives().items()):
        if not patterns:
            continue
        # Longest first, so "Kepulauan Seribu Utara" wins over "Kepulauan Seribu".
        alternatives = "|".join(sorted(patterns, key=len, reverse=True))
        groups.append(f"(?P<r{index}>{alternatives})")
        group_region[f"r{index}"] = region
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)")
    return pattern, group_region


_REGION_PATTERN, _GROUP_REGION = _compile_region_pattern()


def infer_regions(*texts: str | None) -> list[str]:
    """Regions named in titles and other free text, in display order; [] when none.

    Recognises city names, short forms and the 44 kecamatan as whole words.
    """
    text = "\n".join(text for text in texts if text)
    if not text:
        return []
    found = {_GROUP_REGION[match.lastgroup] for match in _REGION_PATTERN.finditer(text.casefold())}
    return [region for region in REGIONS if region in found]


def regions_for(region_column: str | None, *texts: str | None) -> list[str]:
    """An article's regions: the `region` column, else inferred, else DKI Jakarta."""
    return regions_from_column(region_column or "") or infer_regions(*texts) or [DKI_JAKARTA]


# --- the gazetteer for other matchers -----------------------------------------------
# The SQL fast path (etl/ingest/fast_path.py) matches titles with DuckDB's RE2, which has
# no look-arounds: it builds its patterns and key lists from these, and sends every title
# where a context word could change the meaning to `infer_regions`.


def place_names(region: str) -> list[str]:
    """Every name `infer_regions` recognises for `region`, as written (DKI Jakarta: none)."""
    return [spelling for spelling, _official in _spellings(region)]


def spelling_regions() -> dict[str, str]:
    """name_key of every name a region cell may use (regions, short forms, province names,
    kecamatan and their variants) → its region."""
    return {**_REGION_BY_KEY, **_KECAMATAN_BY_KEY}


def context_names() -> list[str]:
    """Names that mean somewhere else next to a certain word (Tambora, Pancoran)."""
    return [*_NOT_AFTER_WORD, *_NOT_BEFORE_WORD]


def context_pairs() -> list[tuple[str, str]]:
    """(first, second) word pairs in which a name is not the Jakarta place: ("gunung",
    "Tambora"), ("Pancoran", "mas")."""
    pairs = [(word, name) for name, words in _NOT_AFTER_WORD.items() for word in words]
    return pairs + [(name, word) for name, words in _NOT_BEFORE_WORD.items() for word in words]


@lru_cache(maxsize=1)
def text_classes_re2() -> dict[str, str]:
    """RE2 character classes with which the SQL fast path reads a non-ASCII title (and
    summary, body, tags) as `infer_regions` does, where RE2's \\b and \\s are ASCII and
    Python's are Unicode: the non-ASCII characters Python's \\s matches (`space`, which
    `[\\s\\-]*` between the words of a name crosses), those its \\w matches (`word`, which
    end no name), and the word characters whose case folding gives an ASCII letter
    (`folds_to_ascii`: K, ſ, ß, ﬁ; a text with one is left to infer_regions). Built from this
    interpreter's own Unicode tables (~0.2 s, once, for files that are not all ASCII), so both
    paths agree character for character."""
    every = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, sys.maxunicode + 1)))
    words = re.findall(r"\w", every)
    return {
        "space": _class_re2(re.findall(r"\s", every)),
        "word": _class_re2(words),
        "folds_to_ascii": _class_re2(c for c in words if any(x.isascii() for x in c.casefold() + c.lower())),
    }


def _class_re2(chars) -> str:
    ranges: list[list[int]] = []
    for code in map(ord, chars):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges) + "]"
