"""Mail out through the newsroom's SMTP server: the settings (environment, else a TOML
file) and the sending, every refusal or unreachable server as one sentence (MailNotSent).

Settings, each from the environment or the config file's [smtp] table (the environment wins):

    SOROT_SMTP_HOST            host            the server (required)
    SOROT_SMTP_PORT            port            587 (465: TLS from the first byte)
    SOROT_SMTP_STARTTLS        starttls        true: upgrade the connection before signing in
    SOROT_SMTP_USER            user            sign in as (none: send without signing in)
    SOROT_SMTP_PASSWORD_FILE   password_file   a file holding the password (never an option)
    SOROT_MAIL_FROM            from            the sender address (required)

The config file is `--mail-config PATH` or $SOROT_MAIL_CONFIG (deploy/sorot.toml.example).
"""
from __future__ import annotations

import os
import smtplib
import ssl
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from etl.errors import SorotError

DEFAULT_PORT = 587
IMPLICIT_TLS_PORT = 465
TIMEOUT_SECONDS = 60

# setting -> (environment variable, config key)
SETTINGS = {
    "host": ("SOROT_SMTP_HOST", "host"),
    "port": ("SOROT_SMTP_PORT", "port"),
    "starttls": ("SOROT_SMTP_STARTTLS", "starttls"),
    "user": ("SOROT_SMTP_USER", "user"),
    "password_file": ("SOROT_SMTP_PASSWORD_FILE", "password_file"),
    "sender": ("SOROT_MAIL_FROM", "from"),
}
_TRUE = {"1", "true", "yes", "on", "ya"}
_FALSE = {"0", "false", "no", "off", "tidak"}


class MailSettingsError(SorotError):
    """The SMTP settings are missing or wrong (exit 2: fix the configuration)."""


class MailNotSent(SorotError):
    """The server could not be reached or refused the mail."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    user: str | None
    password_file: Path | None
    sender: str

    @property
    def implicit_tls(self) -> bool:
        return self.port == IMPLICIT_TLS_PORT


def smtp_settings(config: Path | None = None, environ: Mapping[str, str] | None = None) -> SmtpSettings:
    """The settings from the environment, else from `config` (else $SOROT_MAIL_CONFIG)."""
    environ = os.environ if environ is None else environ
    config = config or (Path(environ["SOROT_MAIL_CONFIG"]) if environ.get("SOROT_MAIL_CONFIG") else None)
    table = _config_table(config) if config else {}
    found = {}
    for name, (variable, key) in SETTINGS.items():
        value = environ.get(variable)
        found[name] = value if value not in (None, "") else table.get(key)
    where = f" or {config}" if config else ""
    if not found["host"]:
        raise MailSettingsError(f"No mail server is set; set SOROT_SMTP_HOST (or host in the [smtp] table of "
                                f"a config file given with --mail-config{where}).")
    if not found["sender"]:
        raise MailSettingsError("No sender address is set; set SOROT_MAIL_FROM (or from in the config's [smtp] "
                                "table), e.g. SOROT_MAIL_FROM='Sorot <sorot@kantor.id>'.")
    port = _port(found["port"])
    starttls = _flag(found["starttls"], default=port != IMPLICIT_TLS_PORT)
    if bool(found["user"]) != bool(found["password_file"]):
        raise MailSettingsError("SOROT_SMTP_USER and SOROT_SMTP_PASSWORD_FILE go together; set both to sign in "
                                "to the mail server, or neither to send without signing in.")
    return SmtpSettings(str(found["host"]), port, starttls, found["user"] or None,
                        Path(found["password_file"]) if found["password_file"] else None, str(found["sender"]))


def _config_table(config: Path) -> dict:
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MailSettingsError(f"The mail config file {config} does not exist; check the path.") from None
    except OSError as problem:
        raise MailSettingsError(f"Cannot read the mail config file {config} ({problem.strerror}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise MailSettingsError(f"The mail config file {config} is not valid TOML ({problem}); compare it with "
                                "deploy/sorot.toml.example.") from None
    table = data.get("smtp", {})
    if not isinstance(table, dict):
        raise MailSettingsError(f"In {config}, smtp should be a table ([smtp]); compare it with "
                                "deploy/sorot.toml.example.")
    return table


def _port(value) -> int:
    if value in (None, ""):
        return DEFAULT_PORT
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 0 < port < 65536:
        raise MailSettingsError(f"The SMTP port '{value}' is not a port number; give one like 587.")
    return port


def _flag(value, default: bool) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise MailSettingsError(f"SOROT_SMTP_STARTTLS '{value}' is not true or false.")


def password(settings: SmtpSettings) -> str:
    try:
        return settings.password_file.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as problem:
        raise MailSettingsError(f"Cannot read the SMTP password file {settings.password_file} "
                                f"({problem.strerror}); check SOROT_SMTP_PASSWORD_FILE.") from None


def send(message: EmailMessage, settings: SmtpSettings, timeout: float = TIMEOUT_SECONDS) -> list[str]:
    """Send `message` to its To addresses. Returns the addresses the server refused when it
    took the mail for the others; MailNotSent (one sentence) when nobody gets it."""
    server = f"{settings.host}:{settings.port}"
    secret = password(settings) if settings.user else None
    try:
        if settings.implicit_tls:
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with smtp:
            if settings.starttls and not settings.implicit_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, secret)
            refused = smtp.send_message(message)
    except smtplib.SMTPNotSupportedError:
        raise MailNotSent(f"The mail server {server} does not offer STARTTLS; use its TLS port, or set "
                          "SOROT_SMTP_STARTTLS=false only for a server on this machine.") from None
    except smtplib.SMTPAuthenticationError as problem:
        raise MailNotSent(f"The mail server {server} refused to sign in {settings.user} ({_said(problem)}); "
                          "check SOROT_SMTP_USER and the password file.") from None
    except smtplib.SMTPRecipientsRefused as problem:
        said = "; ".join(f"{address}: {_said_of(*answer)}" for address, answer in problem.recipients.items())
        raise MailNotSent(f"The mail server {server} refused every recipient ({said}); check the addresses.") from None
    except smtplib.SMTPSenderRefused as problem:
        raise MailNotSent(f"The mail server {server} refused the sender {settings.sender} ({_said(problem)}); "
                          "set SOROT_MAIL_FROM to an address it accepts.") from None
    except smtplib.SMTPResponseException as problem:
        raise MailNotSent(f"The mail server {server} refused the mail ({_said(problem)}); nothing was sent.") from None
    except smtplib.SMTPException as problem:
        raise MailNotSent(f"The mail to {server} failed ({problem or type(problem).__name__}); nothing was sent.") from None
    except ssl.SSLError as problem:
        raise MailNotSent(f"The TLS connection to the mail server {server} failed ({problem.reason or problem}); "
                          "check the host name and port.") from None
    except OSError as problem:
        raise MailNotSent(f"Cannot reach the mail server {server} ({problem.strerror or problem}); check "
                          "SOROT_SMTP_HOST and SOROT_SMTP_PORT and that the server is up.") from None
    return sorted(refused)


def _said(problem: smtplib.SMTPResponseException) -> str:
    return _said_of(problem.smtp_code, problem.smtp_error)


def _said_of(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}".strip()
