"""`sorot`: options and exit codes only; the work happens in etl.ingest, etl.metrics and
etl.present. Every error is one sentence on stderr and a non-zero exit, never a traceback."""
from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from etl.errors import SorotError

app = typer.Typer(
    name="sorot",
    help="Sorot: article-popularity analytics for newsrooms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
report_app = typer.Typer(help="Print a report: trending, reporters, regions or overview.", no_args_is_help=True)
app.add_typer(report_app, name="report")



class LazyConsole:
    """A rich Console made on first use: importing rich.console costs ~0.1 s, which every
    start-up (`sorot --help` included) paid before a command needed it (issue #16)."""

    def __init__(self, **options) -> None:
        self._options = options
        self._console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.console, name)


out = LazyConsole(highlight=False, soft_wrap=True)
err = LazyConsole(stderr=True, highlight=False, soft_wrap=True)


def progress_bar():
    """The bar of a long ingest, on stderr, gone when done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=err.console, transient=True)

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", help="The database file (default: $SOROT_DB, else data/sorot.duckdb)."),
]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Period end: the latest snapshot on or before this date (YYYY-MM-DD).")]
FromOption = Annotated[Optional[str], typer.Option("--from", help="Range start: from the latest snapshot on or before this date.")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Range end: to the latest snapshot on or before this date.")]
FormatOption = Annotated[str, typer.Option("--format", help="table (for people), csv or json.")]
OutletOption = Annotated[Optional[list[str]], typer.Option(
    "--outlet", help="An outlet (portal) by name or site; repeat for several. Default: all of them.")]


def fail(message: str, code: int = 1) -> None:
    err.print(f"Error: {message}", markup=False)
    raise typer.Exit(code)


def db_path(db: Path | None) -> Path:
    from etl.db.connect import default_db_path

    return db or default_db_path()


def option_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    from etl.newsroom.cells import parse_date

    try:
        return parse_date(text)
    except ValueError:
        fail(f"{option} '{text}' is not a date; write it as YYYY-MM-DD, e.g. {option} 2024-11-10.", 2)


# --- ingest -----------------------------------------------------------------------------

@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Export files, or folders of them.", show_default=False)],
    db: DbOption = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Snapshot date for files without one (YYYY-MM-DD).")] = None,
    outlet: Annotated[Optional[str], typer.Option(
        "--outlet", help="The outlet (portal) the files belong to; default: the one their URLs name.")] = None,
) -> None:
    """Load weekly CMS exports (CSV/TSV/TXT in any of the usual Excel encodings, or .xlsx workbooks)."""
    from etl.ingest.files import ingest_paths
    from etl.present.ingest_report import print_ingest_report

    snapshot = option_date(as_of, "--as-of")
    with progress_bar() as bar:
        def progress_for(name: str):
            task = None

            def advance(done: int, total: int) -> None:
                nonlocal task
                if total < 50_000:   # small files finish before a bar would help
                    return
                if task is None:
                    task = bar.add_task(f"Reading {name}", total=total)
                bar.update(task, completed=done)
            return advance

        reports = ingest_paths(
            db_path(db), paths, as_of=snapshot,
            on_wait=lambda msg: err.print(msg, markup=False),
            on_report=lambda r: print_ingest_report(r, out, err),
            progress_for=progress_for, outlet=outlet,
        )
    refused = [r for r in reports if not r.ok]
    if len(reports) > 1:
        loaded = sum(r.status == "loaded" for r in reports)
        unchanged = sum(r.status == "unchanged" for r in reports)
        out.print(f"{len(reports)} files: {loaded} loaded, {unchanged} unchanged, {len(refused)} refused.")
    if refused:
        raise typer.Exit(1)


# --- history and undo -------------------------------------------------------------------

@app.command()
def history(
    db: DbOption = None,
    fmt: FormatOption = "table",
    limit: Annotated[int, typer.Option("--limit", min=1, help="The latest N ingests.")] = 100,
) -> None:
    """Every ingest, newest first: file, snapshot date, rows, who, when, and whether undone."""
    from etl.db.connect import reading
    from etl.ingest.files import ingest_history
    from etl.present import history as present_history

    if fmt not in ("table", "csv", "json"):
        fail(f"--format '{fmt}' is not one of table, csv, json.", 2)
    if not db_path(db).exists():
        fail(f"The database {db_path(db)} does not exist; ingest an export first (sorot ingest FILE).")
    with reading(db_path(db), on_wait=lambda msg: err.print(msg, markup=False)) as con:
        frame = ingest_history(con, limit)
    sys.stdout.write(present_history.render(frame, fmt))


@app.command()
def undo(
    ingest_id: Annotated[int, typer.Argument(help="The ingest to take back (`sorot history` lists them).",
                                             show_default=False)],
    db: DbOption = None,
) -> None:
    """Take one ingest back: its rows go, the rows it replaced come back, the reports are as before it."""
    from etl.errors import NothingToUndo, UndoRefused
    from etl.ingest.files import undo_ingest
    from etl.newsroom.access import shell_caller

    if not db_path(db).exists():
        fail(f"The database {db_path(db)} does not exist; there is nothing to undo.", 2)
    try:
        done = undo_ingest(db_path(db), ingest_id, caller=shell_caller(),
                           on_wait=lambda msg: err.print(msg, markup=False))
    except NothingToUndo as problem:
        fail(str(problem), 2)
    except UndoRefused as problem:
        fail(str(problem), 1)
    out.print(done.sentence(), markup=False)


# --- report -----------------------------------------------------------------------------

def _run_report(kind: str, db, as_of, date_from, date_to, fmt, outlet=None, **filters) -> None:
    from etl import metrics
    from etl.db import outlets
    from etl.db.connect import reading
    from etl.metrics import rollup
    from etl.present import report

    if fmt not in ("table", "csv", "json"):
        fail(f"--format '{fmt}' is not one of table, csv, json.", 2)
    if (date_from is None) != (date_to is None):
        fail("--from and --to go together; give both dates, e.g. --from 2024-10-01 --to 2024-10-31.", 2)
    if as_of and date_from:
        fail("--as-of and --from/--to ask for different periods; give one or the other.", 2)
    end = option_date(as_of, "--as-of")
    start_on, end_on = option_date(date_from, "--from"), option_date(date_to, "--to")
    if "region" in filters and filters["region"]:
        from etl.newsroom.regions import region_from_name

        try:
            filters["region"] = region_from_name(filters["region"])
        except ValueError as problem:
            fail(f"{problem}.", 2)
    with reading(db_path(db), on_wait=lambda msg: err.print(msg, markup=False)) as con:
        try:
            chosen = outlets.select(con, outlet)
        except outlets.UnknownOutlet as problem:
            fail(str(problem), 2)
        several = len(chosen) > 1
        if len(chosen) == 1:
            outlets.use(con, chosen[0])
        try:
            if several:
                found = rollup.resolve(con, chosen, as_of=end, date_from=start_on, date_to=end_on)
                period = found.period if found else None
            else:
                period = metrics.resolve_period(con, as_of=end, date_from=start_on, date_to=end_on)
        except ValueError as problem:
            text = str(problem)
            fail(text[:1].upper() + text[1:] + ".", 2)
        if period is None:
            when = f" on or before {end or end_on}" if (end or end_on) else ""
            fail(f"The database has no snapshot{when}; ingest an export first (sorot ingest FILE).")
        given = {k: v for k, v in filters.items() if v is not None}
        if several:
            frame = getattr(rollup, kind)(con, found, **given)
        else:
            frame = getattr(metrics, kind)(con, period, **given)
    sys.stdout.write(report.render(kind, period, frame, fmt, outlets=found.outlets_json() if several else None))


@report_app.command()
def trending(
    db: DbOption = None,
    as_of: AsOfOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Show the top N only.")] = None,
    region: Annotated[Optional[str], typer.Option("--region", help="Any region name or short form, e.g. Jaksel.")] = None,
    author: Annotated[Optional[str], typer.Option("--author", help="A reporter's name (case-insensitive).")] = None,
    category: Annotated[Optional[str], typer.Option("--category", help="A category (kanal), case-insensitive.")] = None,
    fmt: FormatOption = "table",
    outlet: OutletOption = None,
) -> None:
    """Articles ranked by views gained in the period."""
    _run_report("trending", db, as_of, date_from, date_to, fmt, outlet,
                limit=limit, region=region, author=author, category=category)


@report_app.command()
def reporters(db: DbOption = None, as_of: AsOfOption = None, date_from: FromOption = None,
              date_to: ToOption = None, fmt: FormatOption = "table", outlet: OutletOption = None) -> None:
    """Each reporter's output and reach in the period."""
    _run_report("reporters", db, as_of, date_from, date_to, fmt, outlet)


@report_app.command()
def regions(db: DbOption = None, as_of: AsOfOption = None, date_from: FromOption = None,
            date_to: ToOption = None, fmt: FormatOption = "table", outlet: OutletOption = None) -> None:
    """Coverage and reach of the seven regions in the period."""
    _run_report("regions", db, as_of, date_from, date_to, fmt, outlet)


@report_app.command()
def overview(db: DbOption = None, as_of: AsOfOption = None, date_from: FromOption = None,
             date_to: ToOption = None, fmt: FormatOption = "table", outlet: OutletOption = None) -> None:
    """Articles published, views gained and active reporters, against the previous period."""
    _run_report("overview", db, as_of, date_from, date_to, fmt, outlet)


# --- upgrade ----------------------------------------------------------------------------

@app.command()
def upgrade(db: DbOption = None) -> None:
    """Bring a database made by an older Sorot up to date (any ingest does this too)."""
    from etl.db.connect import upgrade_database

    done = upgrade_database(db_path(db), on_wait=lambda msg: err.print(msg, markup=False))
    out.print(f"{db_path(db)}: {done}.", markup=False)


# --- demo and serve ---------------------------------------------------------------------

@app.command()
def demo(
    db: DbOption = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the demo export files.")] = Path("data/demo"),
) -> None:
    """Write a realistic demo newsroom's weekly exports and ingest them."""
    from etl.demo import write_demo_exports
    from etl.ingest.files import ingest_paths

    # The first `./dev demo` spends ~20 s here: show that something is happening.
    with err.status("Writing the demo newsroom's weekly exports…"):
        files = write_demo_exports(out_dir)
    out.print(f"Wrote {len(files)} weekly demo exports to {out_dir}/.")
    with progress_bar() as bar:
        task = bar.add_task("Loading them", total=len(files))
        reports = ingest_paths(db_path(db), files, on_wait=lambda msg: err.print(msg, markup=False),
                               on_report=lambda _report: bar.advance(task))
    loaded = sum(r.rows_loaded for r in reports)
    rejected = sum(r.rows_rejected for r in reports)
    refused = [r for r in reports if not r.ok]
    for r in refused:
        err.print(f"{r.file_name}: refused — {r.message}", markup=False)
    out.print(
        f"Demo database {db_path(db)}: {loaded:,} snapshot rows loaded, {rejected} rows rejected "
        "(on purpose, to show the ingest report). Try: sorot report trending --limit 10"
    )
    if refused:
        raise typer.Exit(1)


# The largest upload the dashboard takes, in MB (docs/operations.md): a year of weekly
# exports of a large portal is ~60 MB; parsing costs about ten times the file in memory.
MAX_UPLOAD_MB = 200


def streamlit_command(app_file: Path, port: int, host: str, auth: str = "none",
                      auth_header: str = "X-Forwarded-Email", secrets: Path | None = None) -> list[str]:
    """The Streamlit server as `sorot serve` starts it. Options on the command line, not in a
    .streamlit/config.toml: Streamlit reads that file from the working directory, which
    `sorot serve` does not choose."""
    import json

    command = [
        sys.executable, "-m", "dashboard.server", "run", str(app_file),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",  # no "Deploy" button or developer menu for editors
        # "none": a failing page shows a generic message, never a traceback or server paths
        # (the pages themselves show one sentence, dashboard/app.py); details go to the log.
        "--client.showErrorDetails", "none",
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
    ]
    if auth == "proxy":
        # Streamlit copies the header of the websocket's request into st.user.email.
        command += ["--server.trustedUserHeaders", json.dumps({auth_header: "email"})]
    elif auth == "oidc":
        # Streamlit looks for secrets.toml in the working directory and ~/.streamlit; the
        # file `sorot serve` checked is the one it must read, wherever it was started.
        command += ["--secrets.files", str(secrets.resolve())]
    return command


SIGN_IN_HELP = ("Who may open the dashboard: none (this computer only, everyone is admin), proxy (a "
                "reverse proxy in front signs people in and sets --auth-header) or oidc (sign-in with an "
                "OpenID Connect provider configured in --secrets); roles: sorot users. Default: $SOROT_AUTH, "
                "else none.")


def port_problem(host: str, port: int) -> str | None:
    """The sentence for a port Sorot cannot serve on, checked before Streamlit starts (which
    would print the address and then only "Port 8501 is not available"). Bound the way
    Streamlit's server binds (SO_REUSEADDR), so a port in TIME_WAIT still counts as free."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return (f"Port {port} on {host} is already in use (another dashboard or program is serving "
                    f"there); stop it, or start Sorot on a free port with --port {port + 1} "
                    f"(`./dev demo --port {port + 1}`).")
    return None


def sign_in_problem(auth: str, host: str, auth_header: str, secrets: Path) -> str | None:
    """Why these `sorot serve` options cannot start the dashboard (one sentence), or None."""
    import ipaddress
    import re
    import tomllib

    if auth not in ("none", "proxy", "oidc"):
        return f"--auth '{auth}' is not one of none, proxy, oidc."
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if auth == "none" and not loopback:
        return (f"--host {host} would let anyone on the network in with every right, because --auth none "
                "signs nobody in; keep the default 127.0.0.1, or sign people in with --auth proxy or "
                "--auth oidc (docs/deployment.md).")
    if auth == "proxy" and not loopback:
        return (f"--host {host} with --auth proxy would let anyone who reaches the port send their own "
                f"{auth_header} header; keep the default 127.0.0.1 and let the reverse proxy in front "
                "(nginx, docs/deployment.md) take the outside connections.")
    if auth == "proxy" and not re.fullmatch(r"[A-Za-z0-9-]+", auth_header):
        return f"--auth-header '{auth_header}' is not an HTTP header name; give one like X-Forwarded-Email."
    if auth == "oidc":
        if not secrets.is_file():
            return (f"--auth oidc needs Streamlit's secrets file with an [auth] section, and {secrets} does "
                    "not exist; write it as docs/deployment.md shows, or point at it with --secrets PATH.")
        try:
            settings = tomllib.loads(secrets.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as problem:
            return f"{secrets} is not a readable TOML file ({problem}); fix it as docs/deployment.md shows."
        auth_section = settings.get("auth")
        if not isinstance(auth_section, dict):
            return (f"{secrets} has no [auth] section; add one with redirect_uri, cookie_secret and your "
                    "provider's client_id, client_secret and server_metadata_url (docs/deployment.md).")
        missing = [key for key in ("redirect_uri", "cookie_secret") if not auth_section.get(key)]
        if missing:
            return f"The [auth] section of {secrets} has no {' and no '.join(missing)}; add it (docs/deployment.md)."
    return None


@app.command()
def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", help="Port of the dashboard.")] = 8501,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (other than loopback only with --auth oidc).")] = "127.0.0.1",
    auth: Annotated[str, typer.Option("--auth", envvar="SOROT_AUTH", show_envvar=False, help=SIGN_IN_HELP)] = "none",
    auth_header: Annotated[str, typer.Option(
        "--auth-header", envvar="SOROT_AUTH_HEADER", show_envvar=False,
        help="With --auth proxy: the header holding the signed-in e-mail (default: $SOROT_AUTH_HEADER, "
             "else X-Forwarded-Email).")] = "X-Forwarded-Email",
    secrets: Annotated[Path, typer.Option(
        "--secrets", envvar="SOROT_SECRETS", show_envvar=False,
        help="With --auth oidc: Streamlit's secrets.toml, with its auth section (default: $SOROT_SECRETS, "
             "else .streamlit/secrets.toml here).")] = Path(".streamlit/secrets.toml"),
) -> None:
    """Start the dashboard in the browser (after upgrading a database an older Sorot made)."""
    import os

    from etl.db.connect import upgrade_database
    from etl.errors import DatabaseBusy

    auth = auth.strip().lower()
    problem = sign_in_problem(auth, host, auth_header, secrets) or port_problem(host, port)
    if problem:
        fail(problem, 2)
    # Once, before any reader exists: the dashboard's read-only connections never write.
    if db_path(db).exists():
        try:
            done = upgrade_database(db_path(db), wait=2)
            if done.migrations or done.rebuilt:
                out.print(f"Upgraded {db_path(db)}: {done}.", markup=False)
        except DatabaseBusy:  # an ingest holds it and will upgrade it; pages say so meanwhile
            err.print(f"{db_path(db)} is in use by another process; starting the dashboard without "
                      "upgrading it.", markup=False)
    app_file = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    # The dashboard reads how people sign in from its environment (dashboard/identity.py).
    env = dict(os.environ, SOROT_DB=str(db_path(db).resolve()), SOROT_AUTH=auth, SOROT_AUTH_HEADER=auth_header)
    command = streamlit_command(app_file, port, host, auth, auth_header, secrets)
    sign_in = {"none": "no sign-in, this computer only", "proxy": f"signed in by the proxy's {auth_header} header",
               "oidc": f"sign-in configured in {secrets}"}[auth]
    out.print(f"Sorot dashboard on http://{host}:{port} (database {env['SOROT_DB']}; {sign_in}); "
              "Ctrl+C stops it.", markup=False)
    raise typer.Exit(run_forwarding_signals(command, env))


STOP_GRACE_SECONDS = 10.0


def run_forwarding_signals(command: list[str], env: dict[str, str]) -> int:
    """Run the Streamlit server and stop with it: SIGTERM and SIGINT sent to `sorot serve`
    are passed on (a service manager stops the parent only, and the child kept serving);
    a child that has not stopped STOP_GRACE_SECONDS after the signal is killed. The exit
    code is the child's (128 + the signal when a signal ended it)."""
    import signal
    import subprocess
    import time

    child = subprocess.Popen(command, env=env)
    asked: list[float] = []

    def forward(signum, _frame) -> None:
        asked.append(time.monotonic())
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if asked and time.monotonic() - asked[0] > STOP_GRACE_SECONDS:
                    child.kill()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


# --- users ------------------------------------------------------------------------------

users_app = typer.Typer(help="Who may use the dashboard: give, take away and list roles.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("grant")
def users_grant(
    email: Annotated[str, typer.Argument(help="The person's e-mail, as they sign in.", show_default=False)],
    role: Annotated[str, typer.Argument(help="viewer (reads), editor (also uploads) or admin (also undoes anyone's upload).", show_default=False)],
    db: DbOption = None,
) -> None:
    """Give a person a role on the dashboard (replacing the role they had)."""
    from etl.db.users import grant
    from etl.newsroom.access import shell_caller

    try:
        change = grant(db_path(db), shell_caller(), email, role, on_wait=lambda msg: err.print(msg, markup=False))
    except ValueError as problem:
        fail(str(problem), 2)
    was = ("" if change.before is None else " (no change)" if change.before == change.after
           else f" (was {change.before})")
    out.print(f"{change.email} is now {change.after}{was}.", markup=False)


@users_app.command("revoke")
def users_revoke(
    email: Annotated[str, typer.Argument(help="The person's e-mail.", show_default=False)],
    db: DbOption = None,
) -> None:
    """Take a person's role away: they see the "ask your admin" page from their next click on."""
    from etl.db.users import revoke
    from etl.newsroom.access import shell_caller

    try:
        change = revoke(db_path(db), shell_caller(), email, on_wait=lambda msg: err.print(msg, markup=False))
    except ValueError as problem:
        fail(str(problem), 2)
    if change.before is None:
        fail(f"{change.email} has no role, so nothing changed; sorot users list shows who has one.")
    out.print(f"{change.email} no longer has a role (was {change.before}).", markup=False)
    if change.before == "admin" and change.admins_left == 0:
        out.print("Nobody is admin on the dashboard now; the shell user on this server still is, and can "
                  "give the role again: sorot users grant EMAIL admin.", markup=False)


@users_app.command("list")
def users_list(
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table (for people) or json.")] = "table",
) -> None:
    """List everyone with a role: e-mail, role, who gave it and when."""
    from etl import metrics
    from etl.present.users import render_users

    if fmt not in ("table", "json"):
        fail(f"--format '{fmt}' is not one of table, json.", 2)
    if not db_path(db).exists():   # nothing to list, and a reader must not create the file
        sys.stdout.write(render_users([], fmt))
        return
    with metrics.reading(db_path(db), on_wait=lambda msg: err.print(msg, markup=False)) as con:
        users = metrics.list_users(con)
    sys.stdout.write(render_users(users, fmt))


# --- outlets ----------------------------------------------------------------------------

outlets_app = typer.Typer(help="The outlets (portals) of the database: list them, rename one.",
                          invoke_without_command=True)
app.add_typer(outlets_app, name="outlets")


@outlets_app.callback()
def outlets_list(
    ctx: typer.Context,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table (for people) or json.")] = "table",
) -> None:
    """List the outlets: name, sites, articles and snapshot dates (the default)."""
    if ctx.invoked_subcommand is not None:
        return
    from etl import metrics
    from etl.present.outlets import render_outlets

    if fmt not in ("table", "json"):
        fail(f"--format '{fmt}' is not one of table, json.", 2)
    if not db_path(db).exists():   # nothing to list, and a reader must not create the file
        sys.stdout.write(render_outlets([], fmt))
        return
    with metrics.reading(db_path(db), on_wait=lambda msg: err.print(msg, markup=False)) as con:
        found = metrics.outlet_summaries(con)
    sys.stdout.write(render_outlets(found, fmt))


@outlets_app.command("rename")
def outlets_rename(
    old: Annotated[str, typer.Argument(help="The outlet's name (or one of its sites).", show_default=False)],
    new: Annotated[str, typer.Argument(help="Its new name.", show_default=False)],
    db: DbOption = None,
) -> None:
    """Rename an outlet; its data, sites and history stay."""
    from etl.db import outlets
    from etl.db.connect import connect

    if not db_path(db).exists():
        fail(f"The database {db_path(db)} does not exist; ingest an export first (sorot ingest FILE).", 2)
    con = connect(db_path(db), on_wait=lambda msg: err.print(msg, markup=False))
    try:
        renamed = outlets.rename(con, old, new)
    except outlets.UnknownOutlet as problem:
        fail(str(problem), 2)
    finally:
        con.close()
    out.print(f"Renamed the outlet '{old}' to '{renamed.name}'.", markup=False)


# --- import-page ------------------------------------------------------------------------

@app.command("import-page")
def import_page(
    files: Annotated[list[Path], typer.Argument(help="Saved article pages (.txt or .html).", show_default=False)],
    db: DbOption = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="The day the pages were saved, for file names without a date (YYYY-MM-DD).")] = None,
    outlet: Annotated[Optional[str], typer.Option(
        "--outlet", help="The outlet (portal) the pages belong to; default: the one their links name.")] = None,
) -> None:
    """Load the 'Berita Terpopuler' list of saved article pages (e.g. beritajakarta.id)."""
    from etl.ingest.saved_pages import ingest_pages
    from etl.present.ingest_report import page_report_lines, refused_line

    def show(report) -> None:
        if report.status == "refused":
            err.print(refused_line(report), markup=False)
        for line in page_report_lines(report) if report.ok else []:
            out.print(line, markup=False)

    reports = ingest_pages(db_path(db), files, as_of=option_date(as_of, "--as-of"), outlet=outlet,
                           on_wait=lambda msg: err.print(msg, markup=False), on_report=show)
    if any(not r.ok for r in reports):
        raise typer.Exit(1)


# --- export -----------------------------------------------------------------------------

export_app = typer.Typer(help="Write shareable files: chart images and the weekly briefing.", no_args_is_help=True)
app.add_typer(export_app, name="export")
LangOption = Annotated[str, typer.Option("--lang", help="Language of the words in the file: id or en.")]
OutOption = Annotated[Optional[Path], typer.Option("--out", help="The file to write.", show_default=False)]


def _write_export(path: Path, data: bytes) -> None:
    if not path.parent.exists():
        fail(f"The folder {path.parent} does not exist; create it or choose another --out.", 2)
    try:
        path.write_bytes(data)
    except OSError as problem:
        fail(f"Cannot write {path}: {problem.strerror or problem}.")


def _chosen_outlets(con, names: list[str] | None) -> list:
    """The outlets an export or a briefing covers (--outlet, repeatable; default all); the
    connection is pointed at the only one."""
    from etl.db import outlets

    try:
        chosen = outlets.select(con, names)
    except outlets.UnknownOutlet as problem:
        fail(str(problem), 2)
    if len(chosen) == 1:
        outlets.use(con, chosen[0])
    return chosen


def _export_period(con, as_of: str | None, chosen: list | None = None):
    """The period an export covers: the standard one (SPEC §2), or over several outlets the
    span of each outlet's own (etl.metrics.rollup.for_period reads it back)."""
    from etl import metrics
    from etl.metrics import rollup

    end = option_date(as_of, "--as-of")
    if chosen and len(chosen) > 1:   # labelled with the span of the outlets' own periods
        found = rollup.resolve(con, chosen, as_of=end)
        period = found.period if found else None
    else:
        period = metrics.resolve_period(con, as_of=end)
    if period is None:
        when = f" on or before {end}" if end else ""
        fail(f"The database has no snapshot{when}; ingest an export first (sorot ingest FILE).")
    return period


@export_app.command("chart")
def export_chart(
    name: Annotated[Optional[str], typer.Argument(help="The chart; `--list` names them.", show_default=False)] = None,
    list_names: Annotated[bool, typer.Option("--list", help="Name every chart that can be exported.")] = False,
    db: DbOption = None,
    as_of: AsOfOption = None,
    region: Annotated[Optional[str], typer.Option("--region", help="Region filter, e.g. Jaksel (ranking and region charts).")] = None,
    author: Annotated[Optional[str], typer.Option("--author", help="The reporter, for reporter_history and reporter_articles_history.")] = None,
    article: Annotated[Optional[str], typer.Option("--article", help="The article key, for article_history and article_gains.")] = None,
    lang: LangOption = "id",
    fmt: Annotated[Optional[str], typer.Option("--format", help="png or svg (default: from the --out suffix).")] = None,
    out_file: OutOption = None,
    outlet: OutletOption = None,
) -> None:
    """A dashboard chart as a finished PNG (1200 px wide at 2x) or SVG image."""
    from etl.db.connect import reading
    from etl.present import export

    names = export.chart_names()
    if list_names:
        out.print("\n".join(names), markup=False)
        return
    if name is None:
        fail("Name the chart to export, e.g. sorot export chart top_trending --out top.png; "
             "sorot export chart --list names them all.", 2)
    if name not in names:
        fail(f"There is no chart named '{name}'; choose one of: {', '.join(names)}.", 2)
    if out_file is None:
        fail("Say where to write the image with --out, e.g. --out top.png.", 2)
    kind = (fmt or out_file.suffix.lstrip(".")).lower()
    if kind not in ("png", "svg"):
        fail(f"--format '{fmt or kind}' is not png or svg; give --format png or an --out ending in .png or .svg.", 2)
    if lang not in ("id", "en"):
        fail(f"--lang '{lang}' is not id or en.", 2)
    with reading(db_path(db), on_wait=lambda msg: err.print(msg, markup=False)) as con:
        chosen = _chosen_outlets(con, outlet)
        period = _export_period(con, as_of, chosen)
        try:
            chart = export.build_chart(con, name, period, region=region, author=author, article=article, lang=lang,
                                       outlets=chosen)
        except ValueError as problem:
            text = str(problem)
            fail(text[:1].upper() + text[1:] + ("" if text.endswith(".") else "."), 2)
    data = export.chart_png(chart) if kind == "png" else export.chart_svg(chart).encode("utf-8")
    _write_export(out_file, data)
    out.print(f"Wrote {out_file} ({name}, period ending {period.end.isoformat()}).", markup=False)


@export_app.command("briefing")
def export_briefing(
    db: DbOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = "id",
    out_file: OutOption = None,
    appendix: Annotated[bool, typer.Option(
        "--appendix", help="Add a page with the long tables (top 25, every reporter) and the charts.")] = False,
    outlet: OutletOption = None,
) -> None:
    """The weekly briefing as one A4 page: .html (always) or .pdf (needs a local Chromium)."""
    from etl.db.connect import reading
    from etl.present import briefing

    if out_file is None:
        fail("Say where to write the briefing with --out, e.g. --out briefing.html.", 2)
    kind = out_file.suffix.lower()
    if kind not in (".html", ".htm", ".pdf"):
        fail(f"--out '{out_file}' should end in .html or .pdf.", 2)
    if lang not in ("id", "en"):
        fail(f"--lang '{lang}' is not id or en.", 2)
    if kind == ".pdf" and briefing.chromium_path() is None:
        fail("A PDF needs Chromium on this machine (apt install chromium, or set SOROT_CHROMIUM) and none "
             "was found; write --out briefing.html instead and print it from the browser.")
    with reading(db_path(db), on_wait=lambda msg: err.print(msg, markup=False)) as con:
        chosen = _chosen_outlets(con, outlet)
        period = _export_period(con, as_of, chosen)
        page = briefing.briefing_html(con, period, lang, appendix=appendix, outlets=chosen)
    data = briefing.briefing_pdf(page) if kind == ".pdf" else page.encode("utf-8")
    _write_export(out_file, data)
    out.print(f"Wrote {out_file} (briefing, period ending {period.end.isoformat()}).", markup=False)


# --- watch and mail ---------------------------------------------------------------------

MailConfigOption = Annotated[Optional[Path], typer.Option(
    "--mail-config", help="A TOML file with the [smtp] settings (default: $SOROT_MAIL_CONFIG); the "
                          "environment's SOROT_SMTP_* and SOROT_MAIL_FROM win over it.", show_default=False)]


def _mail_settings(config: Path | None):
    from etl.deliver.smtp import MailSettingsError, smtp_settings

    try:
        return smtp_settings(config)
    except MailSettingsError as problem:
        fail(str(problem), 2)


def _recipients(addresses: list[str]) -> list[str]:
    from etl.newsroom.access import normal_email

    try:
        return [normal_email(address) for address in addresses]
    except ValueError as problem:
        fail(f"--to/--mail-to: {problem}", 2)


def _mail_briefing(db: Path, to: list[str], as_of: date | None, lang: str, settings,
                   outlet: list[str] | None = None) -> None:
    """Build the briefing mail (etl.present.mail) and send it (etl.deliver.smtp); MailNotSent
    (one sentence) when the server refuses or cannot be reached."""
    from etl import metrics
    from etl.deliver.smtp import send
    from etl.present.mail import briefing_mail

    with metrics.reading(db, on_wait=lambda msg: err.print(msg, markup=False)) as con:
        chosen = _chosen_outlets(con, outlet)
        period = _export_period(con, as_of.isoformat() if as_of else None, chosen)
        message, missing = briefing_mail(con, period, lang, sender=settings.sender, to=to, outlets=chosen)
    if missing:
        err.print(f"Warning: {missing} The mail goes without the PDF.", markup=False)
    refused = send(message, settings)
    got = [address for address in to if address not in refused]
    out.print(f"Mailed the briefing (period ending {period.end.isoformat()}) to {', '.join(got)}.", markup=False)
    if refused:
        err.print(f"Warning: the mail server refused {', '.join(refused)}; the others got the briefing.",
                  markup=False)


mail_app = typer.Typer(help="Send by e-mail: the weekly briefing.", no_args_is_help=True)
app.add_typer(mail_app, name="mail")


@mail_app.command("briefing")
def mail_briefing(
    to: Annotated[list[str], typer.Option("--to", help="A recipient's e-mail; repeat for several.",
                                          show_default=False)],
    db: DbOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = "id",
    mail_config: MailConfigOption = None,
    outlet: OutletOption = None,
) -> None:
    """Mail the weekly briefing: the page inline (charts as images), the PDF attached, a plain-text part."""
    from etl.deliver.smtp import MailNotSent

    if lang not in ("id", "en"):
        fail(f"--lang '{lang}' is not id or en.", 2)
    recipients = _recipients(to)
    settings = _mail_settings(mail_config)
    if not db_path(db).exists():
        fail(f"The database {db_path(db)} does not exist; ingest an export first (sorot ingest FILE).")
    try:
        _mail_briefing(db_path(db), recipients, option_date(as_of, "--as-of"), lang, settings, outlet)
    except MailNotSent as problem:
        fail(str(problem), 1)


@app.command()
def watch(
    inbox: Annotated[Path, typer.Argument(help="The folder the exports are dropped into.", show_default=False)],
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="Load what is there and stop (for a timer); "
                                                       "exit 1 if a file was refused.")] = False,
    interval: Annotated[float, typer.Option("--interval", min=1, help="Without --once: seconds between "
                                                                       "looks at the inbox.")] = 60.0,
    settle: Annotated[float, typer.Option("--settle", min=0, help="A file is taken once its size and time "
                                                                   "stayed the same this many seconds.")] = 5.0,
    max_wait: Annotated[float, typer.Option("--max-wait", min=0, help="With --once: how long to wait for a file "
                                                                       "still being written (seconds).")] = 600.0,
    mail_to: Annotated[Optional[list[str]], typer.Option(
        "--mail-to", help="After a run that loaded something, mail the briefing here; repeat for several.",
        show_default=False)] = None,
    lang: LangOption = "id",
    mail_config: MailConfigOption = None,
    outlet: Annotated[Optional[str], typer.Option(
        "--outlet", help="The outlet (portal) this inbox feeds; default: the one each file's URLs name. "
                         "The briefing mailed after a run is this outlet's.")] = None,
) -> None:
    """Load every new export dropped into INBOX, then file it in INBOX/dimuat/ or INBOX/ditolak/ with its report."""
    import signal

    from etl.deliver.smtp import MailNotSent
    from etl.ingest.inbox import LOADED_FOLDER, REFUSED_FOLDER, watch as watch_inbox
    from etl.present.ingest_report import report_text

    if not inbox.is_dir():
        fail(f"The inbox {inbox} is not a folder; create it (mkdir -p {inbox}) or give the right path.", 2)
    if lang not in ("id", "en"):
        fail(f"--lang '{lang}' is not id or en.", 2)
    recipients = _recipients(mail_to or [])
    settings = _mail_settings(mail_config) if recipients else None
    # A service manager stops with SIGTERM: end like Ctrl+C, between or inside a file's
    # transaction, never with a file half-filed.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    mail_failed = []

    def filed(item) -> None:
        (err if item.report.status == "refused" else out).print(report_text(item.report).rstrip("\n"),
                                                                 markup=False)
        if item.moved_to is None:
            err.print(f"Error: {item.problem}", markup=False)
        else:
            out.print(f"  → {item.moved_to.parent.name}/{item.moved_to.name}", markup=False)

    def after_pass(done) -> None:
        if done.loaded and recipients:
            try:
                _mail_briefing(db_path(db), recipients, None, lang, settings, [outlet] if outlet else None)
            except MailNotSent as problem:
                err.print(f"Error: {problem}", markup=False)
                mail_failed.append(problem)

    passes = watch_inbox(db_path(db), inbox, report_text=report_text, once=once, settle=settle, outlet=outlet,
                         interval=interval, max_wait=max_wait, on_filed=filed, on_pass=after_pass,
                         on_problem=lambda text: err.print(f"Error: {text}", markup=False),
                         on_wait=lambda msg: err.print(msg, markup=False))
    items = [item for done in passes for item in done.filed]
    for name in passes[-1].growing if passes else []:
        err.print(f"{name} is still being written; it stays in the inbox for the next run.", markup=False)
    statuses = [item.report.status for item in items]
    out.print(f"Inbox {inbox}: {len(items)} files: {statuses.count('loaded')} loaded (in {LOADED_FOLDER}/), "
              f"{statuses.count('unchanged')} already loaded (in {LOADED_FOLDER}/), {statuses.count('refused')} "
              f"refused (in {REFUSED_FOLDER}/).", markup=False)
    if "refused" in statuses or any(item.moved_to is None for item in items) or mail_failed:
        raise typer.Exit(1)


# --- sql --------------------------------------------------------------------------------

sql_app = typer.Typer(help="The SQL models under etl/sql, as DuckDB runs them.", no_args_is_help=True)
app.add_typer(sql_app, name="sql")


@sql_app.command("compile")
def sql_compile(
    model: Annotated[str, typer.Argument(help="A model file's name without .sql, e.g. trending.", show_default=False)],
    inputs: Annotated[Optional[list[str]], typer.Option(
        "--input", help="Choose a declared input: NAME=MODEL, e.g. --input period_gains=period_gains_slice.")] = None,
) -> None:
    """Print a model's runnable SQL, every model it reaches inlined, $parameters left to bind."""
    from etl.db import compiler

    chosen = {}
    for text in inputs or []:
        name, sep, choice = text.partition("=")
        if not (sep and name and choice):
            fail(f"--input '{text}' is not NAME=MODEL, e.g. --input period_gains=period_gains_slice.", 2)
        chosen[name] = choice
    if model not in compiler.model_names():
        fail(f"There is no SQL model named '{model}'; choose one of: {', '.join(compiler.model_names())}.", 2)
    try:
        sql = compiler.compile_model(model, chosen)
    except (KeyError, ValueError) as problem:
        text = str(problem).strip("\"'")
        fail(text[:1].upper() + text[1:] + ".", 2)
    needed = compiler.parameters(sql)
    out.print(f"-- parameters: {', '.join('$' + n for n in needed) if needed else 'none'}", markup=False)
    out.print(sql, markup=False)


def main() -> None:
    from etl.errors import Interrupted

    try:
        app()
    except Interrupted as stopped:  # the sentence says what was stored (etl.ingest.files)
        err.print(str(stopped), markup=False)
        sys.exit(130)
    except SorotError as problem:
        err.print(f"Error: {problem}", markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("Interrupted; nothing half-written was kept.", markup=False)
        sys.exit(130)
    except Exception as problem:  # a bug: still one sentence, the details on request
        if os.environ.get("SOROT_DEBUG"):
            raise
        err.print(f"Error: Sorot hit an unexpected problem ({type(problem).__name__}: "
                  f"{str(problem).splitlines()[0] if str(problem) else 'no details'}); nothing was "
                  "half-written. Run again with SOROT_DEBUG=1 for details and report it.", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
