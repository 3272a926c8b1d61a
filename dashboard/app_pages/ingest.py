"""Unggah data: preview uploaded exports, load them, show the report and the history. A
file that would replace stored rows is held back with what it would replace until the
editor confirms."""
import pandas as pd
import streamlit as st

from dashboard import downloads, identity, queries, state, ui
from etl.errors import SorotError, UndoRefused
from etl.present import formats as fmt
from etl.present import messages
from etl.present.strings import t

lang = state.lang()


def load(files, *, replace: bool) -> list | None:
    """The upload's reports, or None after showing the sentence of the failure."""
    try:
        with st.spinner():
            return queries.ingest_uploads(files, as_of, replace=replace, caller=caller, outlet=outlet)
    except SorotError as problem:
        st.error(ui.problem_sentence(problem, lang, unexpected="upload_failed"))
        return None


def replacement_lines(report, key: str) -> list[str]:
    return [t(key, lang, date=fmt.day(r.snapshot_date, lang), replaced=fmt.number(r.rows_replaced, lang),
              stored=fmt.number(r.rows_stored, lang), before=fmt.number(r.views_gained_before, lang),
              after=fmt.number(r.views_gained_after, lang)) for r in report.replacements]

st.title(t("page_ingest", lang))
# Checked here, on the server, before any widget: a viewer who opens /unggah gets a sentence
# and no upload widget (app.py leaves the page out of a viewer's menu).
caller = identity.require("upload", lang)

uploads = st.file_uploader(t("upload", lang), type=["csv", "tsv", "txt", "xlsx"], accept_multiple_files=True, key="uploads")
as_of = st.date_input(t("as_of", lang), value=None, format="DD/MM/YYYY", key="as_of")
# Which outlet the files belong to: by default the one their URLs name (etl.ingest.outlet_choice);
# an existing outlet, or a new one by name, when that is not what the files say.
AUTO, NEW = "", "\x00new"
known = queries.outlet_names()
picked = st.selectbox(t("upload_outlet", lang), [AUTO, *known, NEW], key="upload_outlet",
                      format_func=lambda o: t("upload_outlet_auto", lang) if o == AUTO
                      else t("upload_outlet_new", lang) if o == NEW else o,
                      help=t("help_upload_outlet", lang))
outlet = (st.text_input(t("upload_outlet_name", lang), key="upload_outlet_name").strip() or None
          if picked == NEW else picked or None)

if uploads:
    files = [(u.name, u.getvalue()) for u in uploads]
    st.subheader(t("preview", lang), anchor=False)
    for name, data in files:
        found = queries.preview_upload(name, data, as_of)
        with st.container(border=True):
            st.text(name)
            if isinstance(found, str):
                st.error(f"{t('refused', lang)}: {fmt.md_escape(messages.translate(found, lang))}")
                continue
            c1, c2, c3, c4 = st.columns(4)
            if found.sheet:   # a workbook: its kind and sheet (its cells are not separated by anything)
                c1.metric(t("file_kind", lang), t("workbook_file", lang))
                c2.metric(t("sheet", lang), found.sheet)
            else:
                c1.metric(t("encoding", lang), found.encoding)
                c2.metric(t("delimiter", lang), messages.delimiter_name(found.delimiter, lang))
            c3.metric(t("rows", lang), fmt.number(found.rows, lang))
            c4.metric(t("snapshot_date", lang), fmt.day(found.snapshot_date, lang))
            if not found.has_snapshot_date:
                st.warning(t("no_snapshot_date", lang))
            st.caption(f"{t('snapshot_date', lang)} — {t('source', lang)}: {fmt.md_escape(fmt.date_source(found.snapshot_date_source, lang) or '–')}")
            # both columns are text: the phone twin keeps both (the file's name and its meaning)
            columns = pd.DataFrame({t("column_in_file", lang): list(found.columns),
                                    t("column_means", lang): [messages.field_name(c, lang) for c in found.columns.values()]})
            ui.table(columns, lang, key=f"columns_{name}", compact=True, prefer=list(columns.columns),
                     inset=ui.BORDERED_INSET)
            if found.unknown_columns:
                st.caption(f"{t('columns_unknown', lang)}: " + fmt.md_escape(", ".join(found.unknown_columns)))
    if st.button(t("ingest_button", lang), type="primary"):
        reports = load(files, replace=False)
        if reports is not None:
            st.session_state["ingest_reports"] = reports
            if any(r.status == "loaded" for r in reports):
                # The sidebar's "Data per" line was drawn before this load: run the page
                # again so it reads the new data version (the reports stay in the session).
                st.rerun()
    held = [r.file_name for r in st.session_state.get("ingest_reports", []) if r.status == "held"]
    again = [(name, data) for name, data in files if name in held]
    if again:
        with st.container(border=True):
            for report in st.session_state["ingest_reports"]:
                if report.status == "held":
                    st.warning(f"{t('report_held', lang)}: {fmt.md_escape(report.file_name)}\n\n"
                               + "\n\n".join(replacement_lines(report, "replace_line")))
            sure = st.checkbox(t("replace_confirm", lang), key="replace_confirm")
            if st.button(t("replace_button", lang), disabled=not sure):
                reports = load(again, replace=True)
                if reports is not None:
                    by_name = {r.file_name: r for r in reports}
                    st.session_state["ingest_reports"] = [by_name.get(r.file_name, r)
                                                          for r in st.session_state["ingest_reports"]]
                    st.rerun()

for report in st.session_state.get("ingest_reports", []):
    with st.container(border=True):
        status = t(f"report_{report.status}", lang)
        (st.error if report.status == "refused" else st.success if report.status == "loaded" else st.info)(
            f"{status}: {fmt.md_escape(report.file_name)}" + (f" — {fmt.md_escape(messages.translate(report.message, lang))}"
                                                              if report.message and report.status != "held" else ""))
        if report.status in ("refused", "held"):
            continue
        if report.replacements:
            st.caption("\n\n".join(replacement_lines(report, "replaced_line")))
        cols = st.columns(5)
        for col, name in zip(cols, ["rows_read", "rows_loaded", "rows_duplicate", "rows_rejected", "rows_replaced"]):
            col.metric(t(name, lang), fmt.number(getattr(report, name), lang))
        if report.unknown_columns:
            st.caption(f"{t('columns_unknown', lang)}: " + fmt.md_escape(", ".join(report.unknown_columns)))
        if report.problems:
            st.caption(t("problems", lang))
            problems = pd.DataFrame([{"line_number": p.line_number, "kind": t(f"kind_{p.kind}", lang),
                                      "reason": messages.translate(p.reason, lang),
                                      "raw_text": p.raw_text} for p in report.problems])
            # on a phone: the line and why (the raw text is in the download)
            ui.table(problems, lang, key=f"problems_{report.file_name}", compact=True,
                     prefer=["reason", "line_number"], inset=ui.BORDERED_INSET)
            downloads.table_downloads(problems, f"ditolak-{report.file_name}", lang=lang,
                                      key=f"dl_problems_{report.file_name}")
        if report.warnings:
            st.caption(t("warnings", lang))
            warnings = pd.DataFrame([{"line_number": line, "message": messages.translate(msg, lang)}
                                     for line, msg in report.warnings])
            ui.table(warnings, lang, key=f"warnings_{report.file_name}", compact=True, inset=ui.BORDERED_INSET)
            downloads.table_downloads(warnings, f"peringatan-{report.file_name}", lang=lang,
                                      key=f"dl_warnings_{report.file_name}")

st.subheader(t("history", lang), anchor=False)
if "undo_done" in st.session_state:
    st.success(st.session_state.pop("undo_done"))
history = queries.ingest_history()
if history.is_empty():
    st.info(t("history_empty", lang))
else:
    rows = history.to_dicts()
    shown = pd.DataFrame({
        "ingest_id": [r["ingest_id"] for r in rows],
        "file_name": [r["file_name"] for r in rows],
        "snapshot_date": [r["snapshot_date"] for r in rows],
        "snapshot_date_source": [fmt.date_source(r["snapshot_date_source"], lang) for r in rows],
        "rows_read": [r["rows_read"] for r in rows],
        "rows_loaded": [r["rows_loaded"] for r in rows],
        "rows_replaced": [r["rows_replaced"] for r in rows],
        "rows_duplicate": [r["rows_duplicate"] for r in rows],
        "rows_rejected": [r["rows_rejected"] for r in rows],
        "rows_warned": [r["rows_warned"] for r in rows],
        "ingested_by": [r["ingested_by"] if r["ingested_by"] not in (None, "unknown") else t("who_unknown", lang)
                        for r in rows],
        "ingested_at": [fmt.wib(r["ingested_at"], lang) for r in rows],
        "undone": [t("undone_by", lang, when=fmt.wib(r["undone_at"], lang), who=r["undone_by"] or t("who_unknown", lang))
                   if r["undone_at"] is not None else "" for r in rows],
    })
    # On screen what an editor checks (loaded, replaced, rejected; who, when, undone) fits at
    # 1400 px; the rows read, duplicates, warnings and the date's source are in the downloads.
    # On a phone: the upload's number, the file and what became of its rows.
    on_screen = [c for c in shown.columns if c not in ("snapshot_date_source", "rows_read", "rows_duplicate",
                                                       "rows_warned")]
    ui.table(shown[on_screen], lang, key="history", compact=True,
             prefer=["file_name", "rows_loaded", "rows_rejected", "rows_replaced"])
    downloads.table_downloads(shown, "riwayat-unggahan", lang=lang)

    # an ingest made before Sorot kept replaced rows (rows_replaced unknown) cannot be undone
    undoable = [r for r in rows if r["undone_at"] is None and r["rows_replaced"] is not None
                and queries.may_undo(caller, r["ingested_by"])]
    if undoable:
        with st.container(border=True):
            st.caption(t("undo_heading", lang))
            labels = {r["ingest_id"]: f"{r['ingest_id']} · {r['file_name']} · {fmt.day(r['snapshot_date'], lang)}"
                      for r in undoable}
            chosen = st.selectbox(t("undo_choose", lang), list(labels), format_func=labels.get, index=None,
                                  key="undo_choose")
            # Two steps: choose and tick, then the button (the undo deletes what the upload stored).
            sure = st.checkbox(t("undo_confirm", lang), key="undo_confirm", disabled=chosen is None)
            if st.button(t("undo_button", lang), disabled=chosen is None or not sure, key="undo_button"):
                try:
                    with st.spinner():
                        done = queries.undo_ingest(chosen, caller=caller)
                except UndoRefused as refused:
                    st.error(t("undo_refused", lang, id=refused.later_id, file=fmt.md_escape(refused.later_file)))
                except SorotError as problem:
                    st.error(ui.problem_sentence(problem, lang, unexpected="undo_failed"))
                else:
                    st.session_state["undo_done"] = t("undo_done", lang, id=done.ingest_id, file=done.file_name,
                                                      removed=fmt.number(done.rows_removed, lang),
                                                      restored=fmt.number(done.rows_restored, lang))
                    for key in ("undo_choose", "undo_confirm"):
                        st.session_state.pop(key, None)
                    st.rerun()
