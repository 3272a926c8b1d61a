"""Who is asking (issue #17): the one place that turns a request into a `Caller`.

How people sign in is `sorot serve --auth`, handed to this process as $SOROT_AUTH:
- `none`: one person at their own computer (the server listens on 127.0.0.1 only): the
  local admin, `queries.LOCAL_CALLER`.
- `proxy`: the reverse proxy in front signed the person in and set a header, which Streamlit
  copies into `st.user.email` (`server.trustedUserHeaders`, set by `sorot serve`).
- `oidc`: Streamlit's own sign-in (`st.login`), whose signed cookie gives `st.user.email`.
The role comes from the `users` table (`sorot users grant`), read on every run through the
cached read-only query, so a grant or a revoke counts from the person's next click.

A visitor without an e-mail or without a role gets a page that says whom to ask, and the
script stops there: no navigation, no numbers, nothing read from the data.
"""
from __future__ import annotations

import os

import streamlit as st

from dashboard import queries
from etl.newsroom.access import Caller, normal_email
from etl.present import formats as fmt
from etl.present.strings import t

def auth_mode() -> str:
    """$SOROT_AUTH as `sorot serve` set it. Anything else than the three modes signs nobody
    in (a typo must close the door, not open it)."""
    return os.environ.get("SOROT_AUTH", "none").strip().lower() or "none"


def signed_in_email() -> str | None:
    """The e-mail the sign-in vouches for, as given (not yet case-folded), or None."""
    mode = auth_mode()
    if mode == "oidc" and not st.user.get("is_logged_in"):
        return None
    if mode not in ("proxy", "oidc"):
        return None
    email = st.user.get("email")
    return email.strip() if isinstance(email, str) and email.strip() else None


def current() -> Caller | None:
    """The caller of this run: the local admin for `--auth none`; otherwise the signed-in
    person with their role, or None (no sign-in, or no role)."""
    mode = auth_mode()
    if mode == "none":
        return queries.LOCAL_CALLER
    email = signed_in_email()
    if email is None:
        return None
    role = queries.role_of(email)
    if role is None:
        return None
    return Caller(normal_email(email), role, f"dashboard from {_client_address(mode)}")


def _client_address(mode: str) -> str:
    # Behind the proxy every connection comes from the proxy itself; the proxy says whose it
    # is in X-Forwarded-For (docs/deployment.md sets it), whose first entry is the browser.
    forwarded = st.context.headers.get("X-Forwarded-For") if mode == "proxy" else None
    if forwarded:
        return forwarded.split(",")[0].strip()
    return st.context.ip_address or "an unknown address"


def admit(lang: str) -> Caller:
    """The caller, after showing who is signed in (in the sidebar); for a visitor who may not
    read, the sign-in or "ask your admin" page instead, and the run stops there."""
    caller = current()
    mode = auth_mode()
    if caller is not None:
        if mode != "none":
            signed_in_line(caller, lang)
        return caller
    email = signed_in_email()
    if mode == "oidc" and email is None:
        st.title(t("sign_in_title", lang), anchor=False)
        st.write(t("sign_in_body", lang))
        st.button(t("sign_in", lang), type="primary", on_click=st.login, key="sign_in")
    else:
        ask_your_admin(email, lang)
        if mode == "oidc":
            st.button(t("sign_out", lang), on_click=st.logout, key="sign_out")
    st.stop()


def ask_your_admin(email: str | None, lang: str) -> None:
    st.title(t("ask_admin_title", lang), anchor=False)
    if email is None:
        st.info(t("no_identity_body", lang))
        return
    st.info(t("ask_admin_body", lang, email=fmt.md_escape(email)))
    try:
        st.code(f"sorot users grant {normal_email(email)} viewer", language=None)
    except ValueError:  # a header that is no e-mail: nothing an admin could grant
        pass


def signed_in_line(caller: Caller, lang: str) -> None:
    st.sidebar.caption(t("signed_in_as", lang, email=fmt.md_escape(caller.email),
                         role=t(f"role_{caller.role}", lang)))
    if auth_mode() == "oidc":
        st.sidebar.button(t("sign_out", lang), on_click=st.logout, key="sign_out")


def require(action: str, lang: str) -> Caller:
    """For a page that needs more than reading (the upload page): the caller when their
    role allows `action`, else a sentence saying which role it takes, and the run stops."""
    caller = current()
    if caller is None:   # app.py admits nobody without a role; a page run alone still checks
        ask_your_admin(signed_in_email(), lang)
        st.stop()
    if not caller.may(action):
        st.warning(t("upload_not_allowed", lang, role=t(f"role_{caller.role}", lang)))
        st.stop()
    return caller
