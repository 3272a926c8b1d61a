"""Who may do what in a newsroom's Sorot: the three roles, and the caller every change is
recorded under (issue #17).

A `Caller` travels with every write (an upload, an undo, a grant) from the front end that
knows the person — the dashboard's sign-in, or the shell user of the CLI — down to the code
that changes the database, which checks the role itself (`require`) so that no front end can
forget to.
"""
from __future__ import annotations

import getpass
import re
import socket
from dataclasses import dataclass

from etl.errors import NotAllowed

ROLES = ("viewer", "editor", "admin")

# action -> the least role that may do it (the roles are ordered: admin may do all).
LEAST_ROLE = {
    "read": "viewer",
    "upload": "editor",
    "note": "editor",
    "undo_own": "editor",
    "undo_any": "admin",
    "manage_users": "admin",
}


@dataclass(frozen=True)
class Caller:
    """The person (or account) asking. `email` is the signed-in e-mail on the dashboard, or
    `user@host` for the CLI; `origin` says where from (for the audit trail)."""
    email: str
    role: str        # viewer | editor | admin
    origin: str      # "cli on HOST", "dashboard from 10.0.0.5", ...

    def may(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(LEAST_ROLE[action])


def undo_action(caller: Caller, ingested_by: str | None) -> str:
    """The action undoing an ingest is: one's own upload (undo_own) or another's (undo_any)."""
    return "undo_own" if ingested_by == caller.email else "undo_any"


def require(caller: Caller, action: str) -> None:
    """Refuse, with one sentence, a caller whose role does not allow `action`."""
    if not caller.may(action):
        needed = LEAST_ROLE[action]
        raise NotAllowed(f"{caller.email} is {caller.role} and may not {_ACTION_TEXT[action]}; "
                         f"ask an admin for the {needed} role (sorot users grant EMAIL {needed}).")


_ACTION_TEXT = {
    "read": "read the reports",
    "upload": "load data",
    "note": "write notes",
    "undo_own": "undo an upload",
    "undo_any": "undo another person's upload",
    "manage_users": "change who has which role",
}


# One "@" between a local part and a domain, no spaces or control characters, at most 254
# characters (RFC 5321's limit of a path). No more than that: the sign-in provider has
# already checked the address; this only catches a typo or a pasted sentence on the CLI.
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+")
EMAIL_MAX_CHARS = 254


def normal_email(text: str) -> str:
    """The e-mail as Sorot keys it: trimmed and case-folded, so "Ana@Kantor.ID" and
    "ana@kantor.id" are one person. ValueError (one sentence) when it is not an e-mail."""
    email = text.strip().casefold()
    if len(email) > EMAIL_MAX_CHARS or not _EMAIL.fullmatch(email) or email.endswith("."):
        shown = text if len(text) <= 80 else text[:77] + "..."
        raise ValueError(f"'{shown}' is not an e-mail address; give one like ana@kantor.id.")
    return email


def known_role(text: str) -> str:
    """`text` as one of ROLES (any case); ValueError (one sentence) otherwise."""
    role = text.strip().lower()
    if role not in ROLES:
        raise ValueError(f"'{text}' is not a role; give one of {', '.join(ROLES)}.")
    return role


def shell_caller(via: str = "cli") -> Caller:
    """The CLI's caller: whoever runs `sorot` on the machine holding the database file may
    write that file anyway, so the shell user is an admin, recorded as user@host. `via` names
    the command in the origin ("cli on HOST"; `sorot watch` records "watch on HOST")."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):   # no name for the uid (a container's anonymous user)
        user = "unknown"
    host = socket.gethostname() or "localhost"
    return Caller(f"{user}@{host}", "admin", f"{via} on {host}")
