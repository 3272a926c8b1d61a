"""`sorot outlets`: the outlets of a database, as a table for people or JSON for programs."""
from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from etl.metrics import OutletSummary
from etl.present.safe_text import json_text, terminal_text


def render_outlets(outlets: list[OutletSummary], fmt: str) -> str:
    if fmt == "json":
        rows = [{"outlet": o.outlet, "hosts": o.sites, "articles": o.articles, "snapshot_dates": o.snapshot_dates,
                 "first_snapshot_date": o.first_snapshot_date.isoformat() if o.first_snapshot_date else None,
                 "latest_snapshot_date": o.latest_snapshot_date.isoformat() if o.latest_snapshot_date else None}
                for o in outlets]
        return json_text(json.dumps({"rows": rows}, ensure_ascii=False, indent=2)) + "\n"
    out = io.StringIO()
    console = Console(file=out, width=160, color_system=None, force_terminal=False)
    if not outlets:
        console.print("No outlet yet: the first file loaded makes one (sorot ingest FILE [--outlet NAME]).")
        return out.getvalue()
    table = Table(header_style="bold")
    for column in ("outlet", "sites", "articles", "snapshot dates", "first", "latest"):
        table.add_column(column, justify="right" if column in ("articles", "snapshot dates") else "left")
    for o in outlets:
        table.add_row(*[Text(terminal_text(v)) for v in (
            o.outlet, ", ".join(o.sites) or "–", f"{o.articles:,}", f"{o.snapshot_dates:,}",
            o.first_snapshot_date.isoformat() if o.first_snapshot_date else "–",
            o.latest_snapshot_date.isoformat() if o.latest_snapshot_date else "–")])
    console.print(table)
    return out.getvalue()
