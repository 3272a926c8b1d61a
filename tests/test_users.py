"""Users and roles (issue #17): the `users` table through etl.db.users, `sorot users`, and the
sign-in options of `sorot serve`. Expected values are the issue's rules worked by hand."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from etl import cli as sorot_cli
from etl import metrics
from etl.cli import app
from etl.db import users
from etl.db.connect import reading
from etl.errors import NotAllowed
from etl.newsroom.access import Caller, known_role, normal_email, shell_caller

ROOT = Path(__file__).resolve().parent.parent
ADMIN = Caller("redaksi@kantor.id", "admin", "dashboard from 10.0.0.5")
EDITOR = Caller("ana@kantor.id", "editor", "dashboard from 10.0.0.6")


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "sorot.duckdb"


def rows(db: Path) -> list[tuple]:
    with reading(db) as con:
        return con.execute("select email, role, granted_by from users order by email").fetchall()


def sorot(*args: str):
    return CliRunner().invoke(app, list(args))


# --------------------------------------------------------------------------- the rules

@pytest.mark.parametrize("given, stored", [
    ("Ana@Kantor.ID", "ana@kantor.id"),
    ("  budi.santoso@kantor.id\n", "budi.santoso@kantor.id"),
    ("admin@localhost", "admin@localhost"),   # an intranet provider's address
])
def test_an_email_is_trimmed_and_case_folded(given, stored):
    assert normal_email(given) == stored


@pytest.mark.parametrize("given", ["ana", "ana@", "@kantor.id", "ana@@kantor.id", "ana @kantor.id",
                                   "ana@kantor.id.", "ana@kan\x1btor.id", "a" * 250 + "@k.id", ""])
def test_what_is_not_an_email_is_refused_in_one_sentence(given):
    with pytest.raises(ValueError, match=r"is not an e-mail address; give one like ana@kantor.id\.$"):
        normal_email(given)


def test_roles_are_the_three_in_any_case():
    assert [known_role(r) for r in ("viewer", "Editor", " ADMIN ")] == ["viewer", "editor", "admin"]
    with pytest.raises(ValueError, match=r"^'boss' is not a role; give one of viewer, editor, admin\.$"):
        known_role("boss")


# --------------------------------------------------------------------------- grant, revoke, list

def test_grant_stores_the_case_folded_email_who_gave_it_and_when(db):
    change = users.grant(db, ADMIN, "Ana@Kantor.ID", "editor")
    assert change == users.Change("ana@kantor.id", None, "editor", 0)
    with reading(db) as con:
        [user] = metrics.list_users(con)
    assert (user.email, user.role, user.granted_by) == ("ana@kantor.id", "editor", "redaksi@kantor.id")
    assert isinstance(user.granted_at, datetime)


def test_a_second_grant_replaces_the_role(db):
    users.grant(db, ADMIN, "ana@kantor.id", "viewer")
    change = users.grant(db, shell_caller(), "ANA@kantor.id", "admin")
    assert (change.before, change.after, change.admins_left) == ("viewer", "admin", 1)
    assert rows(db) == [("ana@kantor.id", "admin", shell_caller().email)]


def test_role_of_reads_any_spelling_and_none_for_strangers_and_non_emails(db):
    users.grant(db, ADMIN, "ana@kantor.id", "editor")
    with reading(db) as con:
        assert metrics.role_of(con, "Ana@KANTOR.id") == "editor"
        assert metrics.role_of(con, "budi@kantor.id") is None
        assert metrics.role_of(con, "not an e-mail") is None


def test_revoke_removes_the_row_and_says_what_it_was(db):
    users.grant(db, ADMIN, "ana@kantor.id", "editor")
    users.grant(db, ADMIN, "budi@kantor.id", "viewer")
    assert users.revoke(db, ADMIN, "Ana@kantor.id") == users.Change("ana@kantor.id", "editor", None, 0)
    assert rows(db) == [("budi@kantor.id", "viewer", "redaksi@kantor.id")]
    assert users.revoke(db, ADMIN, "ana@kantor.id").before is None   # nothing left to revoke


def test_the_list_puts_admins_first_then_editors_then_viewers(db):
    for email, role in [("zaki@kantor.id", "viewer"), ("budi@kantor.id", "editor"), ("citra@kantor.id", "admin"),
                        ("ana@kantor.id", "viewer"), ("dewi@kantor.id", "editor")]:
        users.grant(db, ADMIN, email, role)
    with reading(db) as con:
        assert [(u.role, u.email) for u in metrics.list_users(con)] == [
            ("admin", "citra@kantor.id"), ("editor", "budi@kantor.id"), ("editor", "dewi@kantor.id"),
            ("viewer", "ana@kantor.id"), ("viewer", "zaki@kantor.id")]


def test_only_an_admin_changes_roles_and_a_refusal_writes_nothing(db):
    users.grant(db, ADMIN, "ana@kantor.id", "editor")
    with pytest.raises(NotAllowed, match="ana@kantor.id is editor and may not change who has which role"):
        users.grant(db, EDITOR, "ana@kantor.id", "admin")
    with pytest.raises(NotAllowed):
        users.revoke(db, EDITOR, "ana@kantor.id")
    assert rows(db) == [("ana@kantor.id", "editor", "redaksi@kantor.id")]


def test_a_bad_email_or_role_writes_nothing(db):
    users.grant(db, ADMIN, "ana@kantor.id", "editor")
    for email, role in [("ana", "viewer"), ("budi@kantor.id", "owner")]:
        with pytest.raises(ValueError):
            users.grant(db, ADMIN, email, role)
    assert rows(db) == [("ana@kantor.id", "editor", "redaksi@kantor.id")]


def test_the_table_refuses_a_role_that_is_not_one_of_the_three(db):
    users.grant(db, ADMIN, "ana@kantor.id", "editor")
    con = duckdb.connect(str(db))
    try:
        with pytest.raises(duckdb.ConstraintException):
            con.execute("update users set role = 'owner'")
    finally:
        con.close()


# --------------------------------------------------------------------------- sorot users

def test_cli_grant_list_revoke(db):
    granted = sorot("users", "grant", "Ana@Kantor.ID", "editor", "--db", str(db))
    assert granted.exit_code == 0 and granted.stdout == "ana@kantor.id is now editor.\n"
    again = sorot("users", "grant", "ana@kantor.id", "viewer", "--db", str(db))
    assert again.stdout == "ana@kantor.id is now viewer (was editor).\n"
    same = sorot("users", "grant", "ana@kantor.id", "viewer", "--db", str(db))
    assert same.stdout == "ana@kantor.id is now viewer (no change).\n"

    listed = sorot("users", "list", "--format", "json", "--db", str(db))
    assert listed.exit_code == 0
    [entry] = json.loads(listed.stdout)
    assert (entry["email"], entry["role"], entry["granted_by"]) == ("ana@kantor.id", "viewer", shell_caller().email)
    assert datetime.strptime(entry["granted_at"], "%Y-%m-%dT%H:%M:%SZ")
    table = sorot("users", "list", "--db", str(db)).stdout
    assert "ana@kantor.id" in table and "viewer" in table and "granted at (UTC)" in table

    revoked = sorot("users", "revoke", "ana@kantor.id", "--db", str(db))
    assert revoked.exit_code == 0 and revoked.stdout == "ana@kantor.id no longer has a role (was viewer).\n"
    assert json.loads(sorot("users", "list", "--format", "json", "--db", str(db)).stdout) == []


@pytest.mark.parametrize("args, sentence", [
    (["grant", "ana", "viewer"], "Error: 'ana' is not an e-mail address; give one like ana@kantor.id.\n"),
    (["grant", "ana@kantor.id", "boss"], "Error: 'boss' is not a role; give one of viewer, editor, admin.\n"),
    (["revoke", "ana@@kantor.id"], "Error: 'ana@@kantor.id' is not an e-mail address; give one like ana@kantor.id.\n"),
    (["list", "--format", "csv"], "Error: --format 'csv' is not one of table, json.\n"),
])
def test_cli_bad_input_is_one_sentence_and_exit_code_2(db, args, sentence):
    result = sorot("users", *args, "--db", str(db))
    assert (result.exit_code, result.stderr, result.stdout) == (2, sentence, "")
    assert not db.exists()   # nothing written, not even an empty database


def test_cli_revoking_someone_without_a_role_exits_1(db):
    sorot("users", "grant", "ana@kantor.id", "editor", "--db", str(db))
    result = sorot("users", "revoke", "budi@kantor.id", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == ("Error: budi@kantor.id has no role, so nothing changed; sorot users list shows who "
                             "has one.\n")


def test_cli_revoking_the_last_admin_is_allowed_and_says_who_is_left(db):
    sorot("users", "grant", "redaksi@kantor.id", "admin", "--db", str(db))
    sorot("users", "grant", "citra@kantor.id", "admin", "--db", str(db))
    first = sorot("users", "revoke", "citra@kantor.id", "--db", str(db))
    assert first.stdout == "citra@kantor.id no longer has a role (was admin).\n"   # one admin left
    last = sorot("users", "revoke", "redaksi@kantor.id", "--db", str(db))
    assert last.exit_code == 0
    assert last.stdout.splitlines() == [
        "redaksi@kantor.id no longer has a role (was admin).",
        "Nobody is admin on the dashboard now; the shell user on this server still is, and can give the role "
        "again: sorot users grant EMAIL admin."]


def test_cli_list_of_a_missing_database_is_empty_and_creates_nothing(db):
    result = sorot("users", "list", "--db", str(db))
    assert result.exit_code == 0 and "Nobody has a role yet" in result.stdout
    assert sorot("users", "list", "--format", "json", "--db", str(db)).stdout == "[]\n"
    assert not db.exists()


# --------------------------------------------------------------------------- sorot serve --auth

def test_serve_auth_none_on_another_address_is_refused_before_anything_starts(db):
    # a real process: the exit code and stderr a shell sees
    result = subprocess.run([sys.executable, "-m", "etl.cli", "serve", "--db", str(db), "--host", "0.0.0.0",
                             "--auth", "none"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == (
        "Error: --host 0.0.0.0 would let anyone on the network in with every right, because --auth none signs "
        "nobody in; keep the default 127.0.0.1, or sign people in with --auth proxy or --auth oidc "
        "(docs/deployment.md).\n")
    assert not db.exists()


@pytest.fixture
def started(monkeypatch):
    """The Streamlit command and environment `sorot serve` would start, without starting it."""
    seen = []
    monkeypatch.setattr(sorot_cli, "run_forwarding_signals", lambda command, env: seen.append((command, env)) or 0)
    return seen


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


@pytest.mark.parametrize("args, starts", [
    (["--host", "0.0.0.0"], False),
    (["--host", "192.168.1.20", "--auth", "proxy"], False),   # the header could come from anyone
    (["--host", "::", "--auth", "proxy"], False),
    (["--host", "localhost", "--auth", "proxy"], True),
    (["--host", "::1"], True),
    (["--host", "127.0.0.2", "--auth", "none"], True),
])
def test_serve_listens_beyond_loopback_only_with_oidc(db, started, args, starts):
    result = sorot("serve", "--db", str(db), *args)
    assert (result.exit_code == 0, len(started)) == ((True, 1) if starts else (False, 0)), result.output
    if not starts:
        assert result.exit_code == 2 and result.stderr.startswith(f"Error: --host {args[1]} ")


def test_serve_proxy_hands_the_header_to_streamlit_and_the_mode_to_the_dashboard(db, started):
    result = sorot("serve", "--db", str(db), "--auth", "proxy", "--auth-header", "X-Auth-Request-Email")
    assert result.exit_code == 0, result.output
    [(command, env)] = started
    assert json.loads(option(command, "--server.trustedUserHeaders")) == {"X-Auth-Request-Email": "email"}
    assert option(command, "--server.address") == "127.0.0.1"
    assert (env["SOROT_AUTH"], env["SOROT_AUTH_HEADER"]) == ("proxy", "X-Auth-Request-Email")
    assert "--secrets.files" not in command


def test_serve_takes_the_sign_in_from_the_environment(db, started, monkeypatch):
    monkeypatch.setenv("SOROT_AUTH", "proxy")
    result = sorot("serve", "--db", str(db))
    assert result.exit_code == 0, result.output
    [(command, env)] = started
    assert json.loads(option(command, "--server.trustedUserHeaders")) == {"X-Forwarded-Email": "email"}
    assert env["SOROT_AUTH"] == "proxy"


def test_serve_none_trusts_no_header(db, started):
    assert sorot("serve", "--db", str(db)).exit_code == 0
    [(command, env)] = started
    assert "--server.trustedUserHeaders" not in command and env["SOROT_AUTH"] == "none"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


AUTH_SECTION = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "0123456789abcdef0123456789abcdef"
client_id = "sorot"
client_secret = "s3cret"
server_metadata_url = "http://localhost:9400/.well-known/openid-configuration"
"""


def test_serve_oidc_points_streamlit_at_the_secrets_file(db, started, tmp_path):
    secrets = write(tmp_path / "conf" / "secrets.toml", AUTH_SECTION)
    result = sorot("serve", "--db", str(db), "--auth", "oidc", "--secrets", str(secrets), "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    [(command, env)] = started
    assert option(command, "--secrets.files") == str(secrets.resolve())
    assert option(command, "--server.address") == "0.0.0.0" and env["SOROT_AUTH"] == "oidc"


def test_serve_oidc_defaults_to_the_secrets_file_where_it_runs(db, started, tmp_path, monkeypatch):
    write(tmp_path / "here" / ".streamlit" / "secrets.toml", AUTH_SECTION)
    monkeypatch.chdir(tmp_path / "here")
    assert sorot("serve", "--db", str(db), "--auth", "oidc").exit_code == 0
    [(command, _env)] = started
    assert option(command, "--secrets.files") == str(tmp_path / "here" / ".streamlit" / "secrets.toml")


@pytest.mark.parametrize("text, sentence", [
    (None, "needs Streamlit's secrets file with an [auth] section, and {path} does not exist"),
    ('[connections]\nurl = "x"\n', "{path} has no [auth] section; add one with redirect_uri, cookie_secret"),
    ('[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\n',
     "The [auth] section of {path} has no cookie_secret; add it"),
    ("[auth\n", "{path} is not a readable TOML file"),
])
def test_serve_oidc_without_a_usable_secrets_file_is_refused(db, started, tmp_path, text, sentence):
    path = tmp_path / "secrets.toml"
    if text is not None:
        write(path, text)
    result = sorot("serve", "--db", str(db), "--auth", "oidc", "--secrets", str(path))
    assert result.exit_code == 2 and started == []
    assert sentence.format(path=path) in result.stderr and result.stderr.count("\n") == 1


def test_serve_unknown_auth_or_header_is_refused(db, started):
    unknown = sorot("serve", "--db", str(db), "--auth", "ldap")
    assert (unknown.exit_code, unknown.stderr) == (2, "Error: --auth 'ldap' is not one of none, proxy, oidc.\n")
    header = sorot("serve", "--db", str(db), "--auth", "proxy", "--auth-header", "X Email")
    assert header.exit_code == 2 and "is not an HTTP header name" in header.stderr
    assert started == []
