"""`sorot users list`: who has which role, as a table for people or JSON for programs."""
from __future__ import annotations

import io
import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from etl.metrics import UserRole
from etl.present.safe_text import json_text, terminal_text


def render_users(users: list[UserRole], fmt: str) -> str:
    if fmt == "json":
        rows = [{"email": u.email, "role": u.role, "granted_by": u.granted_by,
                 "granted_at": u.granted_at.strftime("%Y-%m-%dT%H:%M:%SZ")} for u in users]
        return json_text(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n"
    out = io.StringIO()
    console = Console(file=out, width=160, color_system=None, force_terminal=False)
    if not users:
        console.print("Nobody has a role yet; give one with: sorot users grant EMAIL viewer|editor|admin")
        return out.getvalue()
    table = Table(header_style="bold")
    for column in ("e-mail", "role", "granted by", "granted at (UTC)"):
        table.add_column(column)
    for u in users:
        # Text, not str: rich would read '[x]' in an e-mail as markup.
        table.add_row(*[Text(terminal_text(v)) for v in
                        (u.email, u.role, u.granted_by, u.granted_at.strftime("%Y-%m-%d %H:%M"))])
    console.print(table)
    return out.getvalue()
