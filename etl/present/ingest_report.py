"""The per-file ingest report as text for the terminal."""
from __future__ import annotations

from rich.console import Console

from etl.ingest.files import IngestReport
from etl.ingest.saved_pages import PageIngestReport
from etl.present.safe_text import terminal_text

SHOWN_PROBLEMS = 5


def ingest_report_lines(report: IngestReport) -> list[str]:
    """Lines for a loaded or unchanged file (a refused file is one sentence on stderr)."""
    if report.status == "unchanged":
        return [f"{report.file_name}: unchanged — {report.message}"]
    lines = [
        f"{report.file_name}: loaded",
        f"  snapshot date {report.snapshot_date} (from the {report.snapshot_date_source}) · {file_form(report)}",
        f"  rows read {report.rows_read:,} · loaded {report.rows_loaded:,} · "
        f"duplicates {report.rows_duplicate:,} · rejected {report.rows_rejected:,} · "
        f"warnings {len(report.warnings):,}"
        + (f" · replaced {report.rows_replaced:,} earlier rows" if report.rows_replaced else ""),
    ]
    lines += replacement_lines(report)
    for kind, label in (("rejected", "rejected"), ("duplicate", "duplicates")):
        problems = [p for p in report.problems if p.kind == kind]
        for problem in problems[:SHOWN_PROBLEMS]:
            lines.append(f"  {label}: line {problem.line_number}: {problem.reason}")
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(problems) - SHOWN_PROBLEMS} more {label} (all kept in the rejects table)")
    for line, message in report.warnings[:SHOWN_PROBLEMS]:
        lines.append(f"  warning: line {line}: {message}")
    if len(report.warnings) > SHOWN_PROBLEMS:
        lines.append(f"  … and {len(report.warnings) - SHOWN_PROBLEMS} more warnings")
    if report.unknown_columns:
        lines.append("  ignored columns: " + ", ".join(report.unknown_columns))
    # A file name, a header or a message quoting a cell (from a database an older Sorot
    # wrote) must not carry an ESC to the terminal.
    return [terminal_text(line) for line in lines]


def file_form(report: IngestReport) -> str:
    """What kind of file was read: a workbook by its sheet (its cells were never separated
    by anything), a text export by its encoding and delimiter."""
    if report.sheet:
        return f"Excel workbook, sheet '{report.sheet}'"
    return f"{report.encoding} · {report.delimiter}-separated"


def replacement_lines(report: IngestReport) -> list[str]:
    """What a loaded file replaced of stored snapshot dates, one line a date (the CLI loads
    without asking; the dashboard asks first with the same numbers)."""
    return [
        f"  replaced {r.rows_replaced:,} of the {r.rows_stored:,} stored rows of {r.snapshot_date}; "
        f"views gained in the period ending {r.snapshot_date}: {r.views_gained_before:,} before, "
        f"{r.views_gained_after:,} now"
        for r in report.replacements
    ]


def print_ingest_report(report: IngestReport, out: Console, err: Console) -> None:
    if report.status == "refused":
        err.print(refused_line(report), markup=False)
        return
    for line in ingest_report_lines(report):
        out.print(line, markup=False)


def refused_line(report: IngestReport) -> str:
    """The one sentence of a refused file, for stderr."""
    return terminal_text(f"{report.file_name}: refused — {report.message}")


def page_report_lines(report: PageIngestReport) -> list[str]:
    """The export report's lines, with the page's form where an export shows its delimiter."""
    lines = ingest_report_lines(report)
    if report.status == "loaded":
        lines[1] = (
            f"  snapshot date {report.snapshot_date} (from the {report.snapshot_date_source}) · "
            f"{report.encoding} · saved {report.page_form} page, 'Berita Terpopuler' list"
        )
        lines[2] = lines[2].replace("  rows read", "  entries read", 1)
    return lines


def report_text(report: IngestReport) -> str:
    """The report as `sorot ingest` (or `sorot import-page`) prints it, as one text: the
    report file `sorot watch` files beside each export (etl.ingest.inbox)."""
    if report.status == "refused":
        return refused_line(report) + "\n"
    lines = page_report_lines(report) if isinstance(report, PageIngestReport) else ingest_report_lines(report)
    return "\n".join(lines) + "\n"
