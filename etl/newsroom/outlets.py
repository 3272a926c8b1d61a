"""What names an outlet (one portal of a media group, issue #18): its name, and the site
the URLs of a file point to. Pure rules: no file, no database."""
from __future__ import annotations

import re
from collections.abc import Iterable

from etl.newsroom.cells import clean_text

# The outlet a file goes to when nothing names one: no --outlet, no outlet column, no URL
# (an export keyed by article_id only) and no outlet in the database yet.
FALLBACK_OUTLET = "utama"

MAX_NAME_CHARS = 80


def outlet_name(text: str) -> str:
    """An outlet name as stored: control characters out, whitespace collapsed. Raises
    ValueError with the sentence to show when nothing is left or it is too long."""
    name = re.sub(r"\s+", " ", clean_text(text)).strip()
    if not name:
        raise ValueError("an outlet name cannot be empty")
    if len(name) > MAX_NAME_CHARS:
        raise ValueError(f"an outlet name has at most {MAX_NAME_CHARS} characters; "
                         f"'{name[:20]}…' has {len(name)}")
    return name


def name_key(name: str) -> str:
    """The one spelling two outlet names are compared in: `Berita Jakarta` = `berita  jakarta`."""
    return re.sub(r"\s+", " ", name).strip().casefold()


def sites(hosts: Iterable[str]) -> list[str]:
    """The sites a file's URL hosts (canonical: lower case, no www./m.) belong to, sorted: a
    host under another host of the same file counts as that one (`megapolitan.x.id` is
    `x.id`), so a portal's subdomains do not split it in two."""
    distinct = sorted(set(filter(None, hosts)), key=lambda h: (h.count("."), h))
    found: list[str] = []
    for host in distinct:
        if not any(host.endswith("." + site) for site in found):
            found.append(host)
    return sorted(found)
