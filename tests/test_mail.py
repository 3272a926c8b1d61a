"""The briefing by e-mail (issue #22): `sorot mail briefing` and `sorot watch --mail-to`
against an SMTP server each test starts on this machine (aiosmtpd), and the sentences of a
server that refuses or is not there.

The fixture database (tests/fixtures/export) has snapshots on 2024-11-03 and 2024-11-10: the
latest period is (3 Nov, 10 Nov], "Periode 3 Nov 2024 – 10 Nov 2024"; its top story is
"Banjir Rob di Muara Angke" (see tests/test_briefing.py for the numbers)."""
from __future__ import annotations

import email
import re
import shutil
import socket
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from typer.testing import CliRunner

from etl.cli import app
from etl.deliver.smtp import MailSettingsError, smtp_settings
from etl.present.mail import inline_images, plain_text

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "export"
SMTP_ENV = ("SOROT_SMTP_HOST", "SOROT_SMTP_PORT", "SOROT_SMTP_STARTTLS", "SOROT_SMTP_USER",
            "SOROT_SMTP_PASSWORD_FILE", "SOROT_MAIL_FROM", "SOROT_MAIL_CONFIG")


class Mailbox:
    """An SMTP server's handler keeping what it was sent; `refuse_rcpt` / `refuse_data`: the
    answer with which it refuses."""

    def __init__(self, refuse_rcpt: str | None = None, refuse_data: str | None = None) -> None:
        self.refuse_rcpt, self.refuse_data = refuse_rcpt, refuse_data
        self.received: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_data:
            return self.refuse_data
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(monkeypatch):
    """Start a local SMTP server with the given handler; the SOROT_SMTP_* settings point at it."""
    started = []
    for name in SMTP_ENV:
        monkeypatch.delenv(name, raising=False)

    def start(handler: Mailbox, **options) -> Mailbox:
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        monkeypatch.setenv("SOROT_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SOROT_SMTP_PORT", str(port))
        monkeypatch.setenv("SOROT_SMTP_STARTTLS", "false")
        monkeypatch.setenv("SOROT_MAIL_FROM", "Sorot <sorot@kantor.id>")
        return handler

    yield start
    for controller in started:
        controller.stop()


def parsed(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=policy.default)


def test_mail_briefing_sends_the_page_inline_the_pdf_and_a_plain_text_part(fixture_db, smtp_server):
    box = smtp_server(Mailbox())

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id",
                                    "--to", "Budi@Kantor.id"])

    assert done.exit_code == 0, done.output
    assert "Mailed the briefing (period ending 2024-11-10) to ana@kantor.id, budi@kantor.id." in done.output
    [envelope] = box.received
    assert envelope.mail_from == "sorot@kantor.id"
    assert envelope.rcpt_tos == ["ana@kantor.id", "budi@kantor.id"]
    message = parsed(envelope)
    assert message["Subject"] == "Ringkasan pekanan Sorot · Periode 3 Nov 2024 – 10 Nov 2024"
    assert message["To"] == "ana@kantor.id, budi@kantor.id"
    assert message.get_content_type() == "multipart/mixed"

    html = message.get_body(("html",)).get_content()
    assert "Berita teratas" in html and "Banjir Rob di Muara Angke" in html
    assert "data:" not in html and "<svg" not in html          # nothing a mail client would drop
    assert not re.search(r"""src=["']https?:""", html)          # nothing fetched from outside
    related = next(part for part in message.walk() if part.get_content_type() == "multipart/related")
    images = {part["Content-ID"].strip("<>"): part.get_content() for part in related.iter_parts()
              if part.get_content_maintype() == "image"}
    referenced = re.findall(r'src="cid:([^"]+)"', html)
    assert images and sorted(referenced) == sorted(images)       # every chart a part, every part shown
    assert all(part.startswith(b"\x89PNG\r\n\x1a\n") for part in images.values())

    [pdf] = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "sorot-briefing-2024-11-10.pdf"
    assert pdf.get_content().startswith(b"%PDF")

    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")   # SMTP line ends
    assert "Ringkasan pekanan Sorot\n=======================" in text
    assert "1 | baru | Banjir Rob di Muara Angke <https://warta.example.id/read/1/banjir-rob> | Budi Santoso" in text


def test_mail_in_english_for_an_earlier_week(fixture_db, smtp_server):
    box = smtp_server(Mailbox())

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id",
                                    "--lang", "en", "--as-of", "2024-11-03"])

    assert done.exit_code == 0, done.output
    message = parsed(box.received[0])
    # The first snapshot has none before it: the period is the snapshot day itself.
    assert message["Subject"].startswith("Sorot weekly briefing · Period ")
    assert message["Subject"].endswith("3 Nov 2024")
    assert "Top stories" in message.get_body(("html",)).get_content()


def test_a_server_refusing_every_recipient_is_one_sentence_and_exit_1(fixture_db, smtp_server):
    smtp_server(Mailbox(refuse_rcpt="550 5.1.1 No such mailbox here"))

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id"])

    assert done.exit_code == 1
    lines = done.output.strip().splitlines()
    assert lines == [f"Error: The mail server 127.0.0.1:{lines[0].split('127.0.0.1:')[1].split(' ')[0]} refused "
                     "every recipient (ana@kantor.id: 550 5.1.1 No such mailbox here); check the addresses."]


def test_a_server_refusing_the_mail_is_one_sentence(fixture_db, smtp_server):
    smtp_server(Mailbox(refuse_data="554 5.7.1 Message rejected as spam"))

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id"])

    assert done.exit_code == 1
    assert "refused the mail (554 5.7.1 Message rejected as spam); nothing was sent." in done.output
    assert "Traceback" not in done.output


def test_a_server_that_is_not_there_is_one_sentence(fixture_db, monkeypatch):
    for name in SMTP_ENV:
        monkeypatch.delenv(name, raising=False)
    port = free_port()   # nothing listens there
    monkeypatch.setenv("SOROT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SOROT_SMTP_PORT", str(port))
    monkeypatch.setenv("SOROT_SMTP_STARTTLS", "false")
    monkeypatch.setenv("SOROT_MAIL_FROM", "sorot@kantor.id")

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id"])

    assert done.exit_code == 1
    assert done.output.startswith(f"Error: Cannot reach the mail server 127.0.0.1:{port} (")
    assert done.output.rstrip().endswith("check SOROT_SMTP_HOST and SOROT_SMTP_PORT and that the server is up.")


def test_no_mail_server_set_is_exit_2_before_anything_is_built(fixture_db, monkeypatch):
    for name in SMTP_ENV:
        monkeypatch.delenv(name, raising=False)

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id"])

    assert done.exit_code == 2
    assert done.output.startswith("Error: No mail server is set; set SOROT_SMTP_HOST")


def test_a_recipient_that_is_not_an_address_is_exit_2(fixture_db, smtp_server):
    smtp_server(Mailbox())
    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "redaksi"])
    assert done.exit_code == 2
    assert "'redaksi' is not an e-mail address" in done.output


def test_signing_in_with_the_password_from_its_file(fixture_db, smtp_server, tmp_path, monkeypatch):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen.append(auth_data)
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"rahasia 123"
        return AuthResult(success=ok, handled=False)   # not handled: the server answers 535

    box = smtp_server(Mailbox(), authenticator=authenticator, auth_require_tls=False)
    secret = tmp_path / "smtp-password"
    secret.write_text("rahasia 123\n")   # the newline an editor's `echo` leaves is not part of it
    monkeypatch.setenv("SOROT_SMTP_USER", "sorot@kantor.id")
    monkeypatch.setenv("SOROT_SMTP_PASSWORD_FILE", str(secret))

    done = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id"])
    assert done.exit_code == 0, done.output
    assert [a.login for a in seen] == [b"sorot@kantor.id"] and len(box.received) == 1

    secret.write_text("salah")
    wrong = CliRunner().invoke(app, ["mail", "briefing", "--db", str(fixture_db), "--to", "ana@kantor.id"])
    assert wrong.exit_code == 1
    assert "refused to sign in sorot@kantor.id (535 5.7.8 Authentication credentials invalid); check " \
           "SOROT_SMTP_USER and the password file." in wrong.output


def test_watch_mails_the_briefing_after_a_run_that_loaded_something(tmp_path, smtp_server):
    box = smtp_server(Mailbox())
    db, folder = tmp_path / "sorot.duckdb", tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(EXPORTS / "week_2024-11-03.csv", folder)
    shutil.copy(EXPORTS / "week_2024-11-10.csv", folder)
    command = ["watch", str(folder), "--once", "--settle", "0", "--db", str(db), "--mail-to", "ana@kantor.id"]

    done = CliRunner().invoke(app, command)
    assert done.exit_code == 0, done.output
    assert len(box.received) == 1                          # one mail for the run, not one per file
    assert parsed(box.received[0])["Subject"].endswith("3 Nov 2024 – 10 Nov 2024")

    again = CliRunner().invoke(app, command)                 # nothing new in the inbox: no mail
    assert again.exit_code == 0 and len(box.received) == 1


def test_watch_with_a_refusing_server_still_files_the_export_and_exits_1(tmp_path, smtp_server):
    smtp_server(Mailbox(refuse_rcpt="550 5.1.1 No such mailbox here"))
    db, folder = tmp_path / "sorot.duckdb", tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(EXPORTS / "week_2024-11-03.csv", folder)

    done = CliRunner().invoke(app, ["watch", str(folder), "--once", "--settle", "0", "--db", str(db),
                                    "--mail-to", "ana@kantor.id"])

    assert done.exit_code == 1
    assert "refused every recipient" in done.output
    assert (folder / "dimuat" / "week_2024-11-03.csv").exists()


# --- settings and the message, without a server ---------------------------------------------

def test_settings_come_from_the_config_file_and_the_environment_wins(tmp_path):
    config = tmp_path / "sorot.toml"
    config.write_text('[smtp]\nhost = "smtp.kantor.id"\nport = 465\nuser = "sorot"\n'
                      'password_file = "/etc/sorot/smtp-password"\nfrom = "sorot@kantor.id"\n')

    from_file = smtp_settings(config, environ={})
    assert (from_file.host, from_file.port, from_file.implicit_tls, from_file.starttls) == \
        ("smtp.kantor.id", 465, True, False)
    assert from_file.password_file == Path("/etc/sorot/smtp-password")

    mixed = smtp_settings(environ={"SOROT_MAIL_CONFIG": str(config), "SOROT_SMTP_HOST": "relay.lan",
                                   "SOROT_SMTP_PORT": "25", "SOROT_SMTP_STARTTLS": "no"})
    assert (mixed.host, mixed.port, mixed.starttls, mixed.sender) == ("relay.lan", 25, False, "sorot@kantor.id")

    default = smtp_settings(environ={"SOROT_SMTP_HOST": "smtp.kantor.id", "SOROT_MAIL_FROM": "s@kantor.id"})
    assert (default.port, default.starttls, default.user) == (587, True, None)


@pytest.mark.parametrize(("environ", "start"), [
    ({"SOROT_SMTP_HOST": "h", "SOROT_MAIL_FROM": "s@k.id", "SOROT_SMTP_PORT": "smtp"},
     "The SMTP port 'smtp' is not a port number"),
    ({"SOROT_SMTP_HOST": "h", "SOROT_MAIL_FROM": "s@k.id", "SOROT_SMTP_STARTTLS": "maybe"},
     "SOROT_SMTP_STARTTLS 'maybe' is not true or false."),
    ({"SOROT_SMTP_HOST": "h", "SOROT_MAIL_FROM": "s@k.id", "SOROT_SMTP_USER": "u"},
     "SOROT_SMTP_USER and SOROT_SMTP_PASSWORD_FILE go together"),
    ({"SOROT_SMTP_HOST": "h"}, "No sender address is set"),
])
def test_wrong_settings_are_one_sentence(environ, start):
    with pytest.raises(MailSettingsError) as refused:
        smtp_settings(environ=environ)
    assert str(refused.value).startswith(start)


def test_a_broken_config_file_is_one_sentence(tmp_path):
    config = tmp_path / "sorot.toml"
    config.write_text("[smtp\nhost = 1\n")
    with pytest.raises(MailSettingsError, match=r"is not valid TOML .*compare it with deploy/sorot.toml.example"):
        smtp_settings(config, environ={})


def test_inline_svg_and_data_images_become_cid_parts():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    import base64
    encoded = base64.b64encode(svg.encode()).decode()
    page = (f'<html><body><p>Satu</p><img alt="Grafik A" src="data:image/svg+xml;base64,{encoded}">'
            f'<div>{svg.replace("<rect", "<title>Grafik B</title><rect")}</div>'
            '<img alt="Logo" src="https://example.id/logo.png"></body></html>')

    html, images = inline_images(page)

    assert [kind for _cid, _data, kind in images] == ["png", "png"]
    assert re.findall(r'<img alt="([^"]+)" src="cid:[^"]+" width="40"/>', html) == ["Grafik A", "Grafik B"]
    assert "<svg" not in html and "data:" not in html
    assert 'src="https://example.id/logo.png"' in html   # a web address is the page's own business


def test_plain_text_reads_headings_tables_and_links():
    page = ('<html><head><style>p{}</style></head><body><h1>Judul</h1><p>Periode <b>1</b> Nov</p>'
            '<table><thead><tr><th>#</th><th>Judul</th></tr></thead><tbody>'
            '<tr><td>1</td><td><a href="https://w.id/1">Banjir</a></td></tr></tbody></table>'
            '<figure><img alt="Grafik"></figure></body></html>')
    assert plain_text(page) == ("Judul\n=====\n\nPeriode 1 Nov\n\n# | Judul\n1 | Banjir <https://w.id/1>\n\n"
                                "[Grafik]\n")


def test_watch_with_an_outlet_files_its_inbox_there_and_mails_that_outlets_briefing(tmp_path, smtp_server):
    # issue #18/#22: one inbox per portal; a second portal's files (its host, Wednesday exports)
    import json

    from tests.test_outlets import A, B, outlet_files

    box = smtp_server(Mailbox())
    db, folder = tmp_path / "sorot.duckdb", tmp_path / "inbox"
    from etl.ingest.files import ingest_paths

    ingest_paths(db, outlet_files(tmp_path / "a", A))
    for path in outlet_files(tmp_path / "b", B):
        folder.mkdir(exist_ok=True)
        shutil.copy(path, folder)
    shutil.copy(Path(__file__).parent / "fixtures" / "ingest" / "hosts_2024-11-10.csv", folder)   # several sites
    done = CliRunner().invoke(app, ["watch", str(folder), "--once", "--settle", "0", "--db", str(db),
                                    "--outlet", "Kabar Bekasi", "--mail-to", "ana@kantor.id"])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in (folder / "dimuat").glob("*.csv")) == [
        "hosts_2024-11-10.csv", "kabarbekasi_2024-11-06.csv", "kabarbekasi_2024-11-13.csv",
        "kabarbekasi_2024-11-20.csv"]
    listed = json.loads(CliRunner().invoke(app, ["outlets", "--db", str(db), "--format", "json"]).output)["rows"]
    assert [(row["outlet"], row["snapshot_dates"]) for row in listed] == [(A, 3), ("Kabar Bekasi", 4)]
    # the briefing of that outlet: its own latest period, (13 Nov, 20 Nov]
    [envelope] = box.received
    assert parsed(envelope)["Subject"] == "Ringkasan pekanan Sorot · Periode 13 Nov 2024 – 20 Nov 2024"
    # and `mail briefing --outlet` the other one's, (10 Nov, 17 Nov]
    again = CliRunner().invoke(app, ["mail", "briefing", "--db", str(db), "--to", "ana@kantor.id", "--outlet", A])
    assert again.exit_code == 0, again.output
    assert parsed(box.received[1])["Subject"] == "Ringkasan pekanan Sorot · Periode 10 Nov 2024 – 17 Nov 2024"
