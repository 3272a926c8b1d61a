"""Properties of the cell parsers that must hold for every input, not just examples."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from etl.newsroom.cells import (
    author_key,
    canonical_url,
    parse_published,
    parse_views,
    split_byline,
    wib_date,
)

# --- views -------------------------------------------------------------------------


@given(
    n=st.integers(min_value=0, max_value=10**15),
    separator=st.sampled_from([".", ",", " ", "\u00a0", "\u202f"]),
    padding=st.sampled_from(["", " ", "  "]),
)
def test_grouped_views_round_trip(n, separator, padding):
    rendered = f"{n:,}".replace(",", separator)
    assert parse_views(padding + rendered + padding) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_plain_views_round_trip(n):
    assert parse_views(str(n)) == n


# --- publish dates ---------------------------------------------------------------------

INDONESIAN_MONTHS = {
    1: ["Januari", "Jan"], 2: ["Februari", "Pebruari", "Feb", "Peb"], 3: ["Maret", "Mar"],
    4: ["April", "Apr"], 5: ["Mei"], 6: ["Juni", "Jun"], 7: ["Juli", "Jul"],
    8: ["Agustus", "Agu", "Agt", "Agust"], 9: ["September", "Sep", "Sept"],
    10: ["Oktober", "Okt"], 11: ["November", "Nopember", "Nov", "Nop"],
    12: ["Desember", "Des"],
}
# Monday first, as date.weekday()
INDONESIAN_WEEKDAYS = [
    ["Senin"], ["Selasa"], ["Rabu"], ["Kamis"], ["Jumat", "Jum'at"], ["Sabtu"],
    ["Minggu", "Ahad"],
]

dates = st.dates(min_value=date(1900, 1, 2), max_value=date(2199, 12, 30))


@st.composite
def rendered_dates(draw):
    d = draw(dates)
    numeric = [
        f"{d:%Y-%m-%d}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day:02d}-{d.month:02d}-{d.year}",
    ]
    month = draw(st.sampled_from(INDONESIAN_MONTHS[d.month]))
    month = draw(st.sampled_from([month, month.upper(), month.lower()]))
    long_form = f"{d.day} {month} {d.year}"
    weekday = draw(st.sampled_from(INDONESIAN_WEEKDAYS[d.weekday()]))
    comma = draw(st.sampled_from([",", ""]))
    with_weekday = f"{weekday}{comma} {long_form}"
    text = draw(st.sampled_from([*numeric, long_form, with_weekday]))
    # A WIB clock time never changes the WIB date.
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    clock = draw(st.sampled_from(["", f" {hour:02d}:{minute:02d}", f" {hour:02d}.{minute:02d} WIB"]))
    return d, text + clock


@given(rendered_dates())
def test_any_rendering_has_the_right_wib_date(case):
    d, text = case
    assert wib_date(parse_published(text)) == d


# --- urls --------------------------------------------------------------------------------

label = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
segment = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%",
                  min_size=1, max_size=10)


@st.composite
def article_urls(draw):
    host = ".".join(draw(st.lists(label, min_size=2, max_size=4)))
    path = "/".join(draw(st.lists(segment, max_size=4)))
    return f"{host}/{path}" if path else host


@given(article_urls())
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(
    url=article_urls(),
    scheme=st.sampled_from(["", "http://", "https://", "HTTPS://", "//"]),
    prefix=st.sampled_from(["", "www.", "m.", "WWW."]),
    query=st.sampled_from(["", "?utm_source=wa", "?a=1&b=2"]),
    fragment=st.sampled_from(["", "#top", "#"]),
    slashes=st.sampled_from(["", "/", "//"]),
    upper_host=st.booleans(),
)
def test_canonical_url_ignores_decoration(url, scheme, prefix, query, fragment, slashes, upper_host):
    host, slash, path = url.partition("/")
    if upper_host:
        host = host.upper()
    decorated = f"{scheme}{prefix}{host}{slash}{path}{slashes}{query}{fragment}"
    assert canonical_url(decorated) == canonical_url(url)


# --- bylines -----------------------------------------------------------------------------

NOT_NAME_WORDS = {"dan", "and", "oleh", "reporter", "penulis", "pewarta", "wartawan", "by",
                  "editor", "penyunting", "redaktur"}
name_word = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1,
                    max_size=9).filter(lambda w: w.casefold() not in NOT_NAME_WORDS)
author_names = st.lists(name_word, min_size=1, max_size=3).map(" ".join)
separators = st.sampled_from([", ", ",", "; ", " & ", "&", " / ", "/", " dan ", " DAN ",
                              " and ", " Dan "])


@given(
    names=st.lists(author_names, min_size=1, max_size=5, unique_by=author_key),
    data=st.data(),
)
def test_byline_round_trip(names, data):
    byline = names[0]
    for name in names[1:]:
        byline += data.draw(separators) + name
    assert split_byline(byline) == names


# --- author keys ---------------------------------------------------------------------------

name_text = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉüÜ '-\t\u00a0"),
    max_size=30,
)


@given(name_text)
def test_author_key_is_idempotent(name):
    assert author_key(author_key(name)) == author_key(name)


@given(name_text)
def test_author_key_ignores_case_and_spacing(name):
    assert author_key(name.upper()) == author_key(name)
    assert author_key(name.swapcase()) == author_key(name)
    assert author_key("  " + name.replace(" ", "   ") + " ") == author_key(name)
