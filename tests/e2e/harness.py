"""Running the real dashboard for a browser: a `sorot serve` process on a free loopback
port, Debian's Chromium through Playwright, and waiting for Streamlit to finish a run.

Shared by the end-to-end tests (tests/e2e/) and scripts/screenshots.py; no pytest here.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SOROT_E2E_CHROMIUM", "/usr/bin/chromium"))
# No network here: without the background-networking flags Chromium keeps trying (and
# failing) to reach Google's update and sync services.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_TIMEOUT = 60.0   # a fresh Streamlit process spends seconds importing
RUN_TIMEOUT_MS = 60_000  # one script run; the first of a process imports Altair, Polars…


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`sorot serve --db DB --port N [args]` in its own process group (streamlit is its child);
    `args` and `env` add options (a sign-in mode) and environment variables."""

    def __init__(self, db: Path, log: Path, port: int | None = None, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None):
        self.db, self.log, self.port = Path(db), Path(log), port or free_port()
        self.args, self.env = tuple(args), dict(env or {})
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        env = dict(os.environ, PYTHONUNBUFFERED="1", **self.env)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "etl.cli", "serve", "--db", str(self.db), "--port", str(self.port),
                 *self.args],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sorot serve exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"sorot serve did not answer within {STARTUP_TIMEOUT:.0f} s:\n{self.log_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def serving(db: Path, log: Path) -> Iterator[Server]:
    server = Server(db, log).start()
    try:
        yield server
    finally:
        server.stop()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


# --------------------------------------------------------------------------- waiting

APP = '[data-testid="stApp"]'
# Placeholders Streamlit shows while an element's code is still loading (lazily, per
# element type, so mostly on the first page a browser profile opens).
SKELETONS = '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]'


# Counts Streamlit script runs as they start, so that a test can wait for the run its own
# click caused (a rerun starts a moment after the click: "not running" alone may still be
# the state from before it). Installed in every page with context.add_init_script.
RUN_COUNTER_JS = """
window.__sorotRuns = 0;
new MutationObserver(changes => {
    for (const change of changes)
        if (change.target.getAttribute('data-test-script-state') === 'running') window.__sorotRuns++;
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
"""


def wait_for_run(page, timeout: int = RUN_TIMEOUT_MS) -> None:
    """Wait until Streamlit is connected and no script run is going on."""
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', state="attached", timeout=timeout)
    page.wait_for_selector(f'{APP}[data-test-script-state="notRunning"]', state="attached", timeout=timeout)
    page.wait_for_selector(SKELETONS, state="detached", timeout=timeout)


@contextmanager
def rerun(page, timeout: int = RUN_TIMEOUT_MS) -> Iterator[None]:
    """`with rerun(page): page.click(...)` returns once the run the click started has finished."""
    before = page.evaluate("() => window.__sorotRuns")
    yield
    _wait_for_runs_after(page, before, timeout)


def _wait_for_runs_after(page, before: int, timeout: int) -> None:
    page.wait_for_function(
        f"""n => window.__sorotRuns > n
            && document.querySelector('{APP}')?.getAttribute('data-test-script-state') === 'notRunning'
            && !document.querySelector('{SKELETONS}')""",
        arg=before, timeout=timeout)


def new_context(browser, **options):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, **options)
    context.add_init_script(RUN_COUNTER_JS)
    return context


def warm_up(browser, url: str) -> None:
    """Open the app once and let its first run finish: the first run of a new server process
    imports Altair, Polars and DuckDB (seconds), which would otherwise eat into the first
    test's timeouts. (Deep links on a fresh server are tested on their own in
    test_pages.py::test_first_visitor_deep_link_on_a_fresh_server.)"""
    context = new_context(browser)
    try:
        open_app(context.new_page(), url)
    finally:
        context.close()


def open_app(page, url: str, timeout: int = RUN_TIMEOUT_MS) -> None:
    """Open a dashboard URL and wait for its first script run to finish."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    wait_opened(page, timeout)


def wait_opened(page, timeout: int = RUN_TIMEOUT_MS) -> None:
    """After page.goto: wait for the first script run of the new document."""
    _wait_for_runs_after(page, 0, timeout)  # a new document: its counter started at 0


# --------------------------------------------------------------------------- what a page shows

CHART = '[data-testid="stVegaLiteChart"]'

_CHART_MARKS_JS = """charts => charts.map(chart => {
    const svg = chart.querySelector('svg');
    if (svg) return svg.querySelectorAll('g.role-mark > *').length;
    const canvas = chart.querySelector('canvas');
    if (!canvas || !canvas.width || !canvas.height) return -1;
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i]) inked++;
    return inked;
})"""


def chart_marks(page, expected: int = 1, timeout: int = RUN_TIMEOUT_MS) -> list[int]:
    """For each chart on the page: how many marks Vega drew (SVG mark items, or inked
    pixels when it drew on a canvas). Waits until at least `expected` charts are there and
    every chart has been drawn (the chart component loads lazily, after the script run)."""
    page.wait_for_function(
        f"""n => {{
            const charts = [...document.querySelectorAll('{CHART}')];
            return charts.length >= n && charts.every(c => c.querySelector('svg, canvas'));
        }}""", arg=expected, timeout=timeout)
    return page.locator(CHART).evaluate_all(_CHART_MARKS_JS)


def chart_texts(page) -> list[str]:
    """The text Vega drew in each chart (titles, axis labels, marks), in order."""
    return page.locator(CHART).evaluate_all("cs => cs.map(c => c.querySelector('svg')?.textContent ?? '')")


def exceptions(page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text()


def metrics(page) -> dict[str, tuple[str, str]]:
    """Every st.metric as label -> (value, change)."""
    found = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
        delta = metric.locator('[data-testid="stMetricDelta"]')
        found[label] = (value, delta.inner_text().strip() if delta.count() else "")
    return found


def selectbox(page, label: str):
    """The st.selectbox labelled `label` (a combobox whose value is the chosen option's text)."""
    return page.get_by_role("combobox", name=label, exact=True)


def selected(page, label: str) -> str:
    return selectbox(page, label).input_value()


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the select box labelled `label` and wait for the rerun it causes.
    On a busy machine a click can land while the list is still opening; then try again."""
    box = selectbox(page, label)
    before = page.evaluate("() => window.__sorotRuns")
    for attempt in range(4):
        try:
            if box.get_attribute("aria-expanded") != "true":
                box.click()  # opens the list (the arrow button does not, near the page's end)
            if attempt % 2:
                box.press("ArrowDown")  # the keyboard way to open it
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            page.wait_for_function("([box, want]) => box.value === want", arg=[box.element_handle(), option],
                                   timeout=5_000)
            break
        except PlaywrightError:
            page.keyboard.press("Escape")
            if attempt == 3:
                raise
    _wait_for_runs_after(page, before, RUN_TIMEOUT_MS)


def sidebar_captions(page) -> str:
    return "\n".join(page.locator('[data-testid="stSidebar"] [data-testid="stCaptionContainer"]').all_inner_texts())
