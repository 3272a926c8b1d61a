"""Who has which role (issue #17): the `users` table (migration 003) written by grant and
revoke, read by `role_of` (the dashboard's sign-in, through etl.metrics) and `list_users`.

The writes check the caller themselves (`require(caller, "manage_users")`), like every
ingest front door, so no front end can forget to. E-mails are stored case-folded
(`access.normal_email`): the sign-in and the grant must meet on one spelling.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from etl.db.compiler import sql_file
from etl.db.connect import connect
from etl.newsroom.access import Caller, known_role, normal_email, require


@dataclass(frozen=True)
class UserRole:
    email: str
    role: str
    granted_by: str
    granted_at: datetime   # UTC


@dataclass(frozen=True)
class Change:
    """What a grant or a revoke did: the role before and after (None: no role)."""
    email: str
    before: str | None
    after: str | None
    admins_left: int


def grant(db_path: Path, caller: Caller, email: str, role: str, *,
          on_wait: Callable[[str], None] | None = None) -> Change:
    """Give `email` the `role` (replacing any role it had). ValueError for a bad e-mail or
    an unknown role, NotAllowed for a caller who is not an admin; nothing is written then."""
    require(caller, "manage_users")
    email, role = normal_email(email), known_role(role)
    with _writing(db_path, on_wait) as con:
        before = _role(con, email)
        con.execute(sql_file("users/grant_role.sql"), {"email": email, "role": role, "granted_by": caller.email})
        return Change(email, before, role, _admins(con))


def revoke(db_path: Path, caller: Caller, email: str, *,
           on_wait: Callable[[str], None] | None = None) -> Change:
    """Take `email`'s role away. Revoking the last admin is allowed (docs/decisions.md): the
    shell user on the server stays admin and can grant the role again."""
    require(caller, "manage_users")
    email = normal_email(email)
    with _writing(db_path, on_wait) as con:
        removed = con.execute(sql_file("users/revoke_role.sql"), {"email": email}).fetchall()
        return Change(email, removed[0][0] if removed else None, None, _admins(con))


def list_users(con) -> list[UserRole]:
    return [UserRole(*row) for row in con.execute(sql_file("users/list_users.sql")).fetchall()]


def role_of(con, email: str) -> str | None:
    """The role of `email` (any case), None when it has none or is not an e-mail at all (a
    header a proxy filled with something else gets no role, not an error)."""
    try:
        email = normal_email(email)
    except ValueError:
        return None
    return _role(con, email)


def _role(con, email: str) -> str | None:
    found = con.execute(sql_file("users/role_of.sql"), {"email": email}).fetchall()
    return found[0][0] if found else None


def _admins(con) -> int:
    return sum(user.role == "admin" for user in list_users(con))


@contextmanager
def _writing(db_path: Path, on_wait):
    """One transaction on a write connection (which waits for another writer, like an
    ingest), closed at the end."""
    con = connect(db_path, on_wait=on_wait)
    try:
        con.execute("begin transaction")
        yield con
        con.execute("commit")
    finally:
        con.close()   # without a commit, closing rolls back
